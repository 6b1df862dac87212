"""Classes and live tests (issue 18): routes, CLI and services live in this package's modules."""
