import PengingatCore

/// Why attendance could not be recorded, for the facilitator.
public struct AttendanceError: ExplainedError, Equatable {
    public enum Reason: Sendable, Equatable {
        case unknownMeeting(String)
        case notAMember(householdID: String, groupID: String)
        case bothAbsentAndExcused(String)
        case unknownStatus(String)
        case noMeetingOnDate(groupID: String, date: String)
    }

    public let reason: Reason

    public init(_ reason: Reason) { self.reason = reason }

    public var code: String {
        switch reason {
        case .unknownMeeting: "KHD01"
        case .notAMember: "KHD02"
        case .bothAbsentAndExcused: "KHD03"
        case .unknownStatus: "KHD04"
        case .noMeetingOnDate: "KHD05"
        }
    }

    public var explanation: String {
        switch reason {
        case .unknownMeeting(let id): "Pertemuan \(id) tidak ada (kelompoknya tidak ditemukan, atau kelompok PKH-akses tidak bertemu bulan itu)."
        case .notAMember(let household, let group): "KPM \(household) bukan anggota aktif kelompok \(group)."
        case .bothAbsentAndExcused(let household): "KPM \(household) disebut tidak hadir sekaligus izin."
        case .unknownStatus(let text): "Keterangan kehadiran \"\(text)\" tidak dikenal."
        case .noMeetingOnDate(let group, let date): "Kelompok \(group) tidak punya pertemuan pada \(date)."
        }
    }

    public var remedy: String {
        switch reason {
        case .unknownMeeting: "Lihat ID pertemuan dengan: pengingat pertemuan daftar --kelompok ID."
        case .notAMember: "Periksa ID KPM-nya; lihat anggota dengan: pengingat kpm daftar --kelompok ID."
        case .bothAbsentAndExcused: "Sebutkan KPM itu sekali saja."
        case .unknownStatus: "Tulis hadir, izin atau tidak hadir."
        case .noMeetingOnDate: "Periksa tanggalnya dengan: pengingat pertemuan daftar --kelompok ID."
        }
    }

    public func remedy(for reader: ErrorReader) -> String {
        switch (reader, reason) {
        case (.commandLine, _), (_, .bothAbsentAndExcused), (_, .unknownStatus): remedy
        case (.api, .unknownMeeting), (.api, .noMeetingOnDate): "Lihat pertemuan kelompok dengan GET /api/v1/groups/ID."
        case (.api, .notAMember): "Lihat KPM kelompok dengan GET /api/v1/groups/ID atau GET /api/v1/households?group=ID."
        case (.pages, .unknownMeeting), (.pages, .noMeetingOnDate): "Buka halaman kelompoknya dan pilih pertemuan dari sana."
        case (.pages, .notAMember): "Buka halaman kelompoknya; hanya KPM kelompok itu yang bisa dicatat."
        }
    }
}
