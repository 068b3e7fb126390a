extension ReplyIntent {
    /// What the household meant, as the facilitator reads it: "izin (anak sakit)".
    public var indonesianMeaning: String {
        switch self {
        case .attending: "akan hadir"
        case .excused(let reason): "izin" + (reason.map { " (\($0))" } ?? "")
        case .schedule: "tanya jadwal"
        case .optOut: "minta berhenti"
        case .optIn: "minta mulai lagi"
        case .other: "pesan lain"
        }
    }
}
