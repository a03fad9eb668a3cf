//! Integration tests through the public API only.

mod it;
