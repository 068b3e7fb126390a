import PengingatCore

extension MessageKind {
    /// Typical values for this kind in `language`: a common name, a usual place, a real topic.
    /// `templates check` renders every template with them, and the segment budget is judged on them.
    public func sampleValues(language: Household.Language) -> TemplateValues {
        let wording = MessageWording(language: language)
        let today = CalendarDate(year: 2026, month: 12, day: 7)!
        let meeting = CalendarDate(year: 2026, month: 12, day: 8)!
        let nine = TimeOfDay(hour: 9, minute: 0)!
        let zone = IndonesianTimeZone.wib
        let kapan: TemplateValues.Value = switch self {
        case .p2k2SameDay: .text(wording.relativeDay(today, today: today) ?? "")
        case .p2k2DaysBefore: .text("")
        default: .text(wording.relativeDay(meeting, today: today) ?? "")
        }
        let date: TemplateValues.Value = .text(wording.dateWithWeekday(self == .p2k2SameDay ? today : meeting))
        // Posyandu and health events within the next weeks are worded without the year, as the planner words them.
        let nearDate: TemplateValues.Value = .text(wording.dateWithWeekday(meeting, near: today))
        let nextDate: TemplateValues.Value = .text(wording.dateWithWeekday(CalendarDate(year: 2027, month: 1, day: 12)!))
        let time: TemplateValues.Value = .text(wording.time(nine, zone: zone))

        // The first session of the curriculum, in the message's language, as the curriculum file has it.
        let topic: TemplateValues.Value = language == .sundanese ? "Janten Sepuh anu Langkung Saé" : "Menjadi Orang Tua yang Lebih Baik"
        var values: TemplateValues = ["sapaan": "Ibu", "nama": "Siti Aminah"]
        switch self {
        case .p2k2DaysBefore, .p2k2DayBefore, .p2k2SameDay:
            values["kapan"] = kapan
            values["tanggal"] = .text(wording.dateWithWeekday(self == .p2k2SameDay ? today : meeting, near: today))
            values["jam"] = time
            values["tempat"] = "Aula Kelurahan Margabakti"
            values["topik"] = topic
            values["daring"] = false
        case .p2k2Rescheduled:
            values["tanggal_lama"] = .text(wording.dateWithWeekday(meeting))
            values["tanggal"] = .text(wording.dateWithWeekday(CalendarDate(year: 2026, month: 12, day: 10)!, near: today))
            values["jam"] = .text(wording.time(TimeOfDay(hour: 13, minute: 30)!, zone: zone))
            values["tempat"] = "Rumah Ibu Ketua, RT 03 RW 05"
            values["topik"] = topic
            values["daring"] = false
        case .p2k2Cancelled:
            values["tanggal_lama"] = date
            values["tanggal_berikut"] = nextDate
        case .posyanduChild, .posyanduPregnant, .posyanduElderly:
            if self == .posyanduChild { values["anak"] = "Rizki" }
            if self == .posyanduElderly { values["lansia"] = "Aki Karta" }
            values["kapan"] = kapan
            values["tanggal"] = nearDate
            values["jam"] = .text(wording.time(TimeOfDay(hour: 8, minute: 0)!, zone: zone))
            values["tempat"] = "Balai RW 05"
            if self != .posyanduElderly { values["posyandu"] = "Posyandu Melati" }
        case .antenatalVisit:
            values["kunjungan_ke"] = "3"
            values["dokter"] = false
            values["sampai"] = .text(wording.date(CalendarDate(year: 2027, month: 1, day: 12)!))
        case .deliveryPreparation:
            values["hpl"] = .text(wording.dateWithWeekday(CalendarDate(year: 2027, month: 1, day: 12)!))
        case .postnatalVisit:
            values["kunjungan_ke"] = "2"
            values["pertama"] = false
            values["sampai"] = .text(wording.date(CalendarDate(year: 2026, month: 12, day: 12)!))
        case .newbornVisit:
            values["anak"] = .text(wording.newborn(of: "Ibu"))
            values["kunjungan_ke"] = "2"
            values["pertama"] = false
            values["sampai"] = .text(wording.date(CalendarDate(year: 2026, month: 12, day: 12)!))
        case .immunisationDue:
            values["anak"] = "Rizki"
            values["imunisasi"] = .text(wording.list(["DPT-HB-Hib 1", "Polio 2", "PCV 1", "RV 1"]))
            values["kapan"] = kapan
            values["tanggal"] = nearDate
            values["jam"] = .text(wording.time(TimeOfDay(hour: 8, minute: 0)!, zone: zone))
            values["tempat"] = "Posyandu Melati"
        case .posyanduDay:
            values["kapan"] = kapan
            values["tanggal"] = nearDate
            values["jam"] = .text(wording.time(TimeOfDay(hour: 8, minute: 0)!, zone: zone))
            values["posyandu"] = "Posyandu Melati"
            values["tempat"] = "Balai RW 05"
            values["kegiatan"] = .text(wording.posyanduActivities([
                .init(member: "Rizki", activity: .weighing), .init(member: "Rizki", activity: .vitaminA),
                .init(member: "Rizki", activity: .immunisation(wording.list(["DPT-HB-Hib 1", "Polio 2", "PCV 1", "RV 1"]))),
            ]))
        case .healthDiscreet:
            values["tanggal"] = .text(wording.dateWithWeekday(CalendarDate(year: 2027, month: 1, day: 12)!))
            values["batas"] = true
        case .vitaminA:
            values["anak"] = "Rizki"
            values["bulan"] = .text(wording.month(2))
            values["kapan"] = kapan
            values["tanggal"] = nearDate
            values["jam"] = .text(wording.time(TimeOfDay(hour: 8, minute: 0)!, zone: zone))
            values["posyandu"] = "Posyandu Melati"
            values["tempat"] = "Balai RW 05"
        case .semesterStart:
            values["anak"] = "Asep"
            values["sekolah"] = "SDN 2 Margabakti"
            values["tanggal"] = .text(wording.dateWithWeekday(CalendarDate(year: 2027, month: 1, day: 4)!))
        case .schoolAttendance:
            values["anak"] = "Asep"
            values["sekolah"] = "SDN 2 Margabakti"
        case .motivationFirstMiss, .motivationSecondMiss, .motivationExcused:
            values["topik"] = topic
            values["pesan_kunci"] = language == .sundanese
                ? "Murangkalih diajar tina conto sepuhna, sanés tina amarah." : "Anak belajar dari contoh orang tuanya, bukan dari marah."
            values["tanggal_berikut"] = nextDate
            values["jam_berikut"] = time
            values["pendamping"] = "Rina"
            if self == .motivationSecondMiss {
                values["ketua"] = "Ibu Euis"
                values["pertemuan_lain"] = .text(wording.meetingMention(
                    "Kelompok Mawar", CalendarDate(year: 2026, month: 12, day: 17)!, TimeOfDay(hour: 13, minute: 30)!, zone: zone))
            }
        case .commitmentFollowUp:
            values["bulan"] = .text(wording.month(11))
            values["hal"] = .text(wording.commitments([(.school, ["Asep"]), (.posyandu, ["Rizki"])]))
            values["pendamping"] = "Rina"
        case .motivationThirdMiss:
            values["tanggal_berikut"] = nextDate
            values["jam_berikut"] = time
            values["pendamping"] = "Rina"
        case .relayDigest:
            values["nama"] = "Euis Kurniasih"
            values["titipan"] = .list([
                ["penerima": "Ibu Ani",
                 "pesan": "Ibu Ani, besok Selasa, 8 Desember 2026 pukul 09.00 WIB ada P2K2 di Aula Kelurahan Margabakti."],
                ["penerima": "Ibu Dewi",
                 "pesan": "Ibu Dewi, ada jadwal layanan kesehatan untuk keluarga Ibu paling lambat Selasa, 12 Januari 2027."],
            ])
            values["pendamping"] = "Rina"
        case .facilitatorDigest:
            values = [
                "nama": "Rina",
                "tanggal": date,
                "pertemuan": .list([["kelompok": "Kelompok Sauyunan", "jam": time, "tempat": "Aula Kelurahan Margabakti"]]),
                "kunjungan": .list([["kpm": "Ani (KPM-0007)", "keterangan": "tidak hadir P2K2 tiga kali"]]),
                "tak_terjangkau": .list([]),
                "gagal": .list([["kpm": "Dewi (KPM-0102)", "keterangan": "nomor tidak aktif"]]),
                "balasan": .list([["kpm": "Siti (KPM-0031)", "keterangan": "izin (anak sakit): \"IZIN anak sakit\""]]),
                "verifikasi_bulan": "November",
                "verifikasi": .list([["kelompok": "Kelompok Sauyunan", "keterangan": "12 dari 19 anggota belum dicatat"]]),
            ]
        case .broadcast:
            values = ["isi": "Pencairan bantuan tahap IV mulai Senin, 14 Desember 2026 di Kantor Pos Cibeureum.",
                      "pendamping": "Rina"]
        case .optOutConfirmation, .optInConfirmation, .replyAcknowledgement:
            break
        case .scheduleAnswer:
            values["kelompok"] = "Kelompok Sauyunan"
            values["tanggal"] = date
            values["jam"] = time
            values["tempat"] = "Aula Kelurahan Margabakti"
            values["topik"] = topic
        }
        return values
    }
}
