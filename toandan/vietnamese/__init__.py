"""Vietnamese text, numbers and dates, as editors write them: shared by the build and the endpoint."""
