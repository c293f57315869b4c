"""Code shared by the site build and the reader endpoint."""
