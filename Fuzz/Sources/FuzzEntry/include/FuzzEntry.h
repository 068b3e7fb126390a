// FuzzEntry has no API: it only supplies the entry point SwiftPM links each fuzz target against
// (see FuzzEntry.c). The header exists because SwiftPM wants one for a C target.
