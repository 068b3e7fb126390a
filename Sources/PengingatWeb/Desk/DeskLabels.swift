import Foundation
import PengingatCore
import PengingatStore
import PengingatTemplates

/// The Indonesian words the pages use for states, kinds, components, roles and moments.
enum DeskLabels {
    /// A moment as the pages list it: "08/12/2026 09.30".
    static func when(_ local: LocalDateTime) -> String { "\(local.date.slashed) \(local.time)" }

    static func role(_ role: Account.Role) -> String {
        switch role {
        case .admin: "Koordinator (admin)"
        case .facilitator: "Pendamping"
        }
    }

    static func state(_ state: OutboxState) -> String {
        switch state {
        case .queued: "Menunggu"
        case .sending: "Sedang dikirim"
        case .accepted: "Diterima gateway"
        case .delivered: "Sampai"
        case .failed: "Gagal"
        case .expired: "Kedaluwarsa"
        case .cancelled: "Ditarik"
        case .optedOut: "Berhenti berlangganan"
        case .unconfirmed: "Belum ada laporan"
        }
    }

    static func kind(_ raw: String) -> String {
        guard let kind = MessageKind(rawValue: raw) else { return raw }
        switch kind {
        case .p2k2DaysBefore, .p2k2DayBefore, .p2k2SameDay: return "Pengingat P2K2"
        case .p2k2Rescheduled: return "P2K2 dipindah"
        case .p2k2Cancelled: return "P2K2 batal"
        case .posyanduChild: return "Posyandu anak"
        case .posyanduPregnant: return "Posyandu ibu hamil"
        case .antenatalVisit: return "Periksa kehamilan"
        case .deliveryPreparation: return "Persiapan persalinan"
        case .postnatalVisit: return "Kunjungan nifas"
        case .newbornVisit: return "Kunjungan bayi baru lahir"
        case .immunisationDue: return "Imunisasi"
        case .vitaminA: return "Vitamin A"
        case .posyanduDay: return "Hari posyandu"
        case .healthDiscreet: return "Pengingat kesehatan"
        case .semesterStart: return "Awal semester"
        case .schoolAttendance: return "Kehadiran sekolah"
        case .posyanduElderly: return "Posyandu lansia"
        case .motivationFirstMiss, .motivationSecondMiss, .motivationThirdMiss, .motivationExcused: return "Pesan penyemangat"
        case .commitmentFollowUp: return "Tindak lanjut verifikasi"
        case .relayDigest: return "Titipan lewat ketua"
        case .facilitatorDigest: return "Ringkasan pendamping"
        case .broadcast: return "Siaran"
        case .optOutConfirmation: return "Konfirmasi berhenti"
        case .optInConfirmation: return "Konfirmasi mulai"
        case .replyAcknowledgement: return "Tanda terima balasan"
        case .scheduleAnswer: return "Jawaban jadwal"
        }
    }

    /// The kinds that are an obligation of the household (not a meeting, a conversation or a digest).
    static let obligationKinds: Set<String> = Set(MessageKind.allCases.filter { kind in
        switch kind.category {
        case .health, .education, .elderly: true
        default: false
        }
    }.map(\.rawValue))

    static func isObligation(_ raw: String) -> Bool { obligationKinds.contains(raw) }

    static func component(_ component: Member.Component?) -> String {
        guard let component else { return "" }
        switch component {
        case .pregnant: return "Ibu hamil"
        case .postpartum: return "Ibu nifas"
        case .earlyChildhood: return "Anak usia dini"
        case .primarySchool: return "Anak SD"
        case .juniorHighSchool: return "Anak SMP"
        case .seniorHighSchool: return "Anak SMA"
        case .elderly: return "Lansia"
        case .severeDisability: return "Disabilitas berat"
        }
    }

    static func meetingStatus(_ status: Meeting.Status) -> String {
        switch status {
        case .scheduled: "Terjadwal"
        case .moved: "Dipindah"
        case .cancelled: "Batal"
        }
    }

    static func attendance(_ status: AttendanceStatus?) -> String {
        switch status {
        case .present: "Hadir"
        case .excused: "Izin"
        case .absent: "Tidak hadir"
        case nil: "Belum dicatat"
        }
    }

    static func commitment(_ commitment: Commitment) -> String {
        switch commitment {
        case .school: "Kehadiran sekolah (minimal 85%)"
        case .posyandu: "Posyandu (ditimbang, diperiksa)"
        case .antenatal: "Periksa hamil"
        case .postnatal: "Periksa nifas dan bayi baru lahir"
        case .immunisation: "Imunisasi"
        }
    }

    static func verification(_ status: VerificationStatus?) -> String {
        switch status {
        case .met: "Memenuhi"
        case .notMet: "Tidak memenuhi"
        case .excused: "Izin"
        case nil: "Belum dicatat"
        }
    }

    /// "Maret 2027".
    static func month(_ month: CalendarMonth) -> String {
        "\(IndonesianCalendarWords.monthNames[month.month - 1]) \(month.year)"
    }
}
