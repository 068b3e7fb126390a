import PengingatCore
import PengingatTemplates

/// The words a facilitator reads for the report's codes, in every output (terminal, page, CSV, XLSX).
extension MonthlyReport {
    public static func label(_ status: MeetingStatus) -> String {
        switch status {
        case .held: "Terlaksana"
        case .cancelled: "Dibatalkan"
        case .upcoming: "Belum berlangsung"
        }
    }

    public static func label(_ state: MotivationState?) -> String {
        switch state {
        case .planned: "Dijadwalkan"
        case .sent: "Terkirim"
        case .delivered: "Sampai"
        case .failed: "Gagal"
        case .withdrawn: "Ditarik"
        case nil: "Tidak ada"
        }
    }

    public static func label(_ status: AttendanceStatus) -> String {
        switch status {
        case .present: "Hadir"
        case .excused: "Izin"
        case .absent: "Tidak hadir"
        }
    }

    public static func label(_ commitment: Commitment) -> String {
        switch commitment {
        case .school: "Sekolah"
        case .posyandu: "Posyandu"
        case .antenatal: "Periksa hamil"
        case .postnatal: "Nifas dan bayi baru lahir"
        case .immunisation: "Imunisasi"
        }
    }

    /// "Belum dicatat" for a meeting whose attendance nobody recorded, "-" when there is no meeting.
    public static func attendanceLabel(_ group: GroupSection) -> String {
        guard let meeting = group.meeting, meeting.status != .cancelled else { return "-" }
        guard let rate = group.attendance?.rate else { return meeting.status == .upcoming ? "-" : "Belum dicatat" }
        return percentText(rate)
    }

    /// `75%`, `66,7%`: whole when whole, else one decimal, with a decimal comma.
    public static func percentText(_ share: Double) -> String {
        let tenths = Int((share * 1000).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)%" : "\(tenths / 10),\(tenths % 10)%"
    }

    /// `Rp12.300`: the wording a broadcast's cost uses.
    public static func rupiah(_ amount: Int) -> String { MessageWording.rupiah(amount) }

    /// "Maret 2027".
    public static func monthName(_ month: CalendarMonth) -> String {
        "\(IndonesianCalendarWords.monthNames[month.month - 1]) \(month.year)"
    }
}
