// The generated `Types.swift` and `Server.swift` come from openapi.yaml at build time.
