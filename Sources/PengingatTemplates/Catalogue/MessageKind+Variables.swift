extension MessageKind {
    /// The flag a planned kind's template wraps its closing in (`{{^tanpa_penutup}} Ditunggu.{{/tanpa_penutup}}`):
    /// a message that tells several items of one day ends with each closing once.
    public static let withoutClosing = "tanpa_penutup"

    /// Whether the planner may tell this kind together with others in one message.
    public var isPlanned: Bool { isReminder || self == .posyanduDay }

    /// The variables this kind provides; a template of this kind may use these and no others.
    public var variables: [TemplateVariable] {
        guard isPlanned else { return ownVariables }
        return ownVariables + [TemplateVariable(
            Self.withoutClosing, .flag, optional: true,
            meaning: "benar bila pesan ini bagian dari pesan gabungan: penutupnya (misalnya Ditunggu.) ditulis sekali di akhir pesan")]
    }

    private var ownVariables: [TemplateVariable] {
        typealias V = TemplateVariable
        let greeting = [
            V("sapaan", meaning: "Ibu atau Bapak"),
            V("nama", meaning: "nama penerima, misalnya Siti Aminah"),
        ]
        let when = [
            V("kapan", optional: true, meaning: "hari ini, besok atau lusa; kosong bila lebih jauh"),
            V("tanggal", meaning: "hari dan tanggal, misalnya Selasa, 8 Desember 2026"),
            V("jam", meaning: "jam dengan zona, misalnya 09.00 WIB"),
        ]
        let place = V("tempat", meaning: "tempat pertemuan atau posyandu")
        let topic = V("topik", optional: true, meaning: "judul sesi P2K2 yang akan dibahas")
        let online = V("daring", .flag, meaning: "benar bila pertemuan lewat daring")
        let child = V("anak", meaning: "nama anak")
        let nextMeeting = [
            V("tanggal_berikut", meaning: "hari dan tanggal pertemuan berikutnya"),
            V("jam_berikut", meaning: "jam pertemuan berikutnya dengan zona"),
        ]
        let lesson = [
            V("topik", meaning: "judul sesi yang dibahas pada pertemuan yang terlewat"),
            V("pesan_kunci", meaning: "pesan utama sesi itu, satu kalimat"),
        ]
        let facilitator = V("pendamping", meaning: "nama pendamping PKH")

        switch self {
        case .p2k2DaysBefore, .p2k2DayBefore, .p2k2SameDay:
            return greeting + when + [place, topic, online]
        case .p2k2Rescheduled:
            return greeting + [
                V("tanggal_lama", meaning: "hari dan tanggal yang semula"),
                V("tanggal", meaning: "hari dan tanggal yang baru"),
                V("jam", meaning: "jam yang baru dengan zona"),
                place, topic, online,
            ]
        case .p2k2Cancelled:
            return greeting + [
                V("tanggal_lama", meaning: "hari dan tanggal pertemuan yang batal"),
                V("tanggal_berikut", optional: true, meaning: "hari dan tanggal pertemuan berikutnya, bila sudah ada"),
            ]
        case .posyanduChild:
            return greeting + [child] + when + [place, V("posyandu", meaning: "nama posyandu")]
        case .posyanduPregnant:
            return greeting + when + [place, V("posyandu", meaning: "nama posyandu")]
        case .posyanduElderly:
            return greeting + [V("lansia", meaning: "nama anggota lanjut usia")] + when + [place]
        case .antenatalVisit:
            return greeting + [
                V("kunjungan_ke", meaning: "urutan periksa kehamilan, 1 sampai 6"),
                V("dokter", .flag, meaning: "benar bila periksa ini dengan dokter, termasuk USG (K1 dan K5)"),
                V("sampai", meaning: "tanggal terakhir periode periksa ini"),
            ]
        case .deliveryPreparation:
            return greeting + [V("hpl", meaning: "hari perkiraan lahir (HPL)")]
        case .postnatalVisit:
            return greeting + [
                V("kunjungan_ke", meaning: "urutan kunjungan nifas, 1 sampai 4 (pesan menyebutnya dengan kata, bukan kode KF)"),
                V("pertama", .flag, meaning: "benar pada kunjungan nifas pertama: ucapan selamat hanya sekali"),
                V("sampai", meaning: "tanggal terakhir kunjungan ini"),
            ]
        case .newbornVisit:
            return greeting + [
                child,
                V("kunjungan_ke", meaning: "urutan pemeriksaan bayi baru lahir, 1 sampai 3 (bukan kode KN)"),
                V("pertama", .flag, meaning: "benar pada pemeriksaan pertama, dalam 48 jam setelah lahir"),
                V("sampai", meaning: "tanggal terakhir pemeriksaan ini"),
            ]
        case .immunisationDue:
            return greeting + [
                child,
                V("imunisasi", meaning: "nama imunisasi, misalnya DPT-HB-Hib 1, Polio 2, PCV 1 dan RV 1"),
                V("kapan", optional: true, meaning: "hari ini, besok atau lusa; kosong bila lebih jauh"),
                V("tanggal", meaning: "hari dan tanggal sesi posyandu; bila sesinya belum diketahui, mulai kapan imunisasi ini waktunya"),
                V("jam", optional: true, meaning: "jam sesi dengan zona; kosong bila sesinya belum diketahui"),
                V("tempat", optional: true, meaning: "nama posyandu; kosong bila sesinya belum diketahui"),
            ]
        case .posyanduDay:
            return greeting + when + [
                V("posyandu", meaning: "nama posyandu"),
                place,
                V("kegiatan", meaning: "yang dilakukan tiap anggota di sana, misalnya: Rizki ditimbang, imunisasi PCV 3 dan dapat vitamin A"),
            ]
        case .healthDiscreet:
            return greeting + [
                V("tanggal", meaning: "hari dan tanggal jadwalnya, atau batas waktunya"),
                V("jam", optional: true, meaning: "jam jadwalnya; kosong bila yang disebut batas waktu"),
                V("batas", .flag, meaning: "benar bila tanggal adalah batas waktu (paling lambat), salah bila jadwal satu hari"),
            ]
        case .vitaminA:
            return greeting + [child, V("bulan", meaning: "bulan vitamin A: Februari atau Agustus")] + when
                + [place, V("posyandu", meaning: "nama posyandu")]
        case .semesterStart:
            return greeting + [child, V("sekolah", meaning: "nama sekolah"), V("tanggal", meaning: "hari pertama sekolah")]
        case .schoolAttendance:
            return greeting + [child, V("sekolah", meaning: "nama sekolah")]
        case .motivationFirstMiss, .motivationExcused:
            return greeting + lesson + nextMeeting + [facilitator]
        case .motivationSecondMiss:
            return greeting + lesson + nextMeeting + [
                V("ketua", meaning: "nama ketua kelompok"),
                V("pertemuan_lain", optional: true, meaning: "pertemuan kelompok lain yang bisa diikuti"),
                facilitator,
            ]
        case .commitmentFollowUp:
            return greeting + [
                V("bulan", meaning: "bulan yang diverifikasi, misalnya Maret (bulan ini atau bulan lalu)"),
                V("hal", meaning: "yang belum tercatat, misalnya kehadiran sekolah Asep dan posyandu Rizki"),
                facilitator,
            ]
        case .motivationThirdMiss:
            return greeting + nextMeeting + [facilitator]
        case .relayDigest:
            return greeting + [
                V("titipan", .list([
                    V("penerima", meaning: "Ibu atau Bapak dan nama KPM yang dititipi pesan"),
                    V("pesan", meaning: "pesan untuknya, sudah menyapa namanya"),
                ]), meaning: "pesan untuk KPM yang tidak punya HP"),
                facilitator,
            ]
        case .facilitatorDigest:
            let item = [V("kpm", meaning: "nama dan ID KPM"), V("keterangan", meaning: "alasan atau keadaan")]
            return [
                V("nama", meaning: "nama pendamping"),
                V("tanggal", meaning: "hari dan tanggal ringkasan"),
                V("pertemuan", .list([
                    V("kelompok", meaning: "nama kelompok"), V("jam", meaning: "jam dengan zona"),
                    V("tempat", meaning: "tempat pertemuan"),
                ]), meaning: "pertemuan P2K2 hari ini"),
                V("kunjungan", .list(item), meaning: "kunjungan rumah yang perlu dilakukan"),
                V("tak_terjangkau", .list(item), meaning: "KPM yang tidak bisa dihubungi"),
                V("gagal", .list(item), meaning: "pesan yang gagal terkirim"),
                V("balasan", .list(item), meaning: "balasan KPM sehari terakhir yang belum ditangani"),
                V("verifikasi_bulan", optional: true,
                  meaning: "pada 10 hari pertama bulan: bulan lalu, bila verifikasi komitmennya belum lengkap"),
                V("verifikasi", .list([V("kelompok", meaning: "nama kelompok"), V("keterangan", meaning: "berapa yang belum dicatat")]),
                  optional: true, meaning: "kelompok yang verifikasi komitmen bulan lalunya belum lengkap"),
            ]
        case .broadcast:
            return [V("isi", meaning: "isi pesan dari pendamping"), facilitator]
        case .optOutConfirmation, .optInConfirmation, .replyAcknowledgement:
            return greeting
        case .scheduleAnswer:
            return greeting + [V("kelompok", meaning: "nama kelompok"), V("tanggal", meaning: "hari dan tanggal"),
                               V("jam", meaning: "jam dengan zona"), place, topic]
        }
    }
}
