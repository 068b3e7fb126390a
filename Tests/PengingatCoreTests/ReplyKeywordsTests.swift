import PengingatCore
import Testing

@Suite("Reply keywords")
struct ReplyKeywordsTests {
    @Test("will attend, however it is typed", arguments: [
        "HADIR", "hadir", " Hadir.", "hadirr", "HADIR!!!", "hdair", "haadir", "Ya", "iya bu", "SIAP", "siap bu", "Insya Allah hadir",
        "insyaallah", "Sumping", "muhun", "mohon maaf hadir", "ok",
    ])
    func attending(text: String) {
        #expect(ReplyKeywords.intent(of: text) == .attending)
    }

    @Test("excused, with the reason for the facilitator", arguments: [
        ("IZIN anak sakit", "anak sakit"), ("izin: anak sakit", "anak sakit"), ("Ijin, ke rumah sakit", "ke rumah sakit"),
        ("Mohon izin bu, kerja", "kerja"), ("tidak bisa hadir, ada hajatan", "ada hajatan"), ("punten widi, nuju ka kota", "nuju ka kota"),
        ("moal sumping, murangkalih gering", "murangkalih gering"),
    ])
    func excused(text: String, reason: String) {
        #expect(ReplyKeywords.intent(of: text) == .excused(reason: reason))
    }

    @Test("excused without a reason", arguments: ["IZIN", "tidak", "Tidak hadir.", "teu tiasa", "gak bisa", "izinn ya bu"])
    func excusedWithoutReason(text: String) {
        #expect(ReplyKeywords.intent(of: text) == .excused(reason: nil))
    }

    @Test("stop, in every way it is said", arguments: [
        "BERHENTI", "berhenti", "Berhenti.", " STOP ", "stop", "Stop!", "stopp", "brhenti", "berhentii", "brenti", "berenti",
        "tolong berhenti", "Eureun", "UNREG", "setop",
    ])
    func optOut(text: String) {
        #expect(ReplyKeywords.intent(of: text) == .optOut)
    }

    @Test("start again", arguments: ["MULAI", "mulai", "Mulai lagi", "muali", "START"])
    func optIn(text: String) {
        #expect(ReplyKeywords.intent(of: text) == .optIn)
    }

    @Test("the schedule", arguments: ["JADWAL", "jadwal?", "Jadual", "jadwl", "Bu, jadwal", "Jadwalna iraha?"])
    func schedule(text: String) {
        #expect(ReplyKeywords.intent(of: text) == .schedule)
    }

    @Test("anything else is left for the facilitator", arguments: [
        "", "  ", "siapa ini?", "Terima kasih bu", "No HP saya ganti 0812…", "Assalamualaikum", "hadi", "🙏", "1",
        "Bu kapan cair bantuan", "kapan P2K2?",
    ])
    func other(text: String) {
        #expect(ReplyKeywords.intent(of: text) == .other)
    }

    @Test("intents survive their stored codes")
    func codes() {
        for intent in [ReplyIntent.attending, .excused(reason: "sakit"), .schedule, .optOut, .optIn, .other] {
            #expect(ReplyIntent(code: intent.code, reason: intent.reason) == intent)
        }
        #expect(ReplyIntent(code: "unknown") == nil)
    }

    @Test("courtesy words never decide the intent", arguments: [
        ("Permisi bu, jadwal P2K2 kapan?", ReplyIntent.schedule),
        ("Mangga, hapunten teu tiasa sumping", ReplyIntent.excused(reason: nil)),
        ("Nun, hapunten, widi, murangkalih gering", ReplyIntent.excused(reason: "murangkalih gering")),
        ("permisi", ReplyIntent.other),
        ("Mangga", ReplyIntent.other),
        ("punten, mangga hadir", ReplyIntent.attending),
    ])
    func courtesies(text: String, intent: ReplyIntent) {
        #expect(ReplyKeywords.intent(of: text) == intent)
    }
}
