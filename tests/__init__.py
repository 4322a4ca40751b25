"""graphkit's test suite: a package, so every test module and helper has one import name."""
