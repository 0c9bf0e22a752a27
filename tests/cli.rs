//! Integration tests through the real `pmlevel` binary.
