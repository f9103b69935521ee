"""Solve jobs: a runner in the server process and a worker entry point for child processes."""
