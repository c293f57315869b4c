"""The build's orchestration: the atomic build and publish, the build kept for the next one, live
updates, caches and the processes a build forks."""
