import Foundation
import GRDB
import Logging
import PengingatCore
import PengingatStore

/// Writes a synthetic roster straight into SQLite (setup, not measured): groups of 25
/// households, 4 members each on average, the sample roster's mix of components, about 10%
/// of phones shared and 5% of households without one. Deterministic for a given size.
enum RosterGenerator {
    static func generate(households count: Int, path: String) async throws {
        try? FileManager.default.removeItem(atPath: path)
        let store = try SQLiteStore(path: path, logger: Logger(label: "bench"))
        let reference = CalendarDate(year: 2026, month: 12, day: 1)!
        let schedules = ["Selasa ke-2 09.00", "Kamis terakhir 13.30", "tanggal 15 08.00", "Senin ke-1 09.00",
                         "Rabu ke-3 13.00", "Jumat ke-2 08.30", "Sabtu ke-1 09.00"]
        let groups = max(1, count / 25)
        let facilitators = max(1, count / 250)
        try await store.database.writer.write { db in
            var random = SplitMix(seed: UInt64(count))
            for f in 0..<facilitators {
                try db.execute(sql: "INSERT INTO facilitators (id, name) VALUES (?, ?)", arguments: ["F\(f)", "Pendamping \(f)"])
            }
            let rws = max(1, groups / 2)
            for rw in 0..<rws {
                try db.execute(sql: """
                    INSERT INTO posyandus (id, name, kelurahan, kelurahan_key, rw, schedule, place) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: ["P\(rw)", "Posyandu \(rw)", "Kel \(rw / 10)", "kel \(rw / 10)", "\(rw % 10 + 1)",
                                     "tanggal \(rw % 27 + 1) 08.00", "Balai RW"])
            }
            let group = try db.makeStatement(sql: """
                INSERT INTO p2k2_groups (id, name, facilitator_id, kelurahan, rw, zone, schedule, place, mode, is_pkh_akses, leader_household_id)
                VALUES (?, ?, ?, ?, ?, 'Asia/Jakarta', ?, 'Aula', 'tatap_muka', 0, ?)
                """)
            let household = try db.makeStatement(sql: """
                INSERT INTO households (id, caregiver_name, phone, alternate_phone, channel, language, group_id, rt, rw, address, status, consent)
                VALUES (?, ?, ?, NULL, ?, ?, ?, '001', ?, 'Jl. Contoh', 'aktif', 'granted')
                """)
            let member = try db.makeStatement(sql: """
                INSERT INTO members (household_id, name_key, name, relation, sex, birth_date, component, last_menstrual_period,
                                     delivery_date, school_name, is_active)
                VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, ?, 1)
                """)
            var previousPhone: String?
            for g in 0..<groups {
                let rw = g / 2
                let size = g == groups - 1 ? count - 25 * (groups - 1) : 25
                try group.execute(arguments: [
                    "G\(g)", "Kelompok \(g)", "F\(g * facilitators / groups)", "Kel \(rw / 10)", "\(rw % 10 + 1)",
                    schedules[g % schedules.count], "G\(g)-H0",
                ])
                for h in 0..<size {
                    let roll = random.next(100)
                    var phone: String? = "+6281\(String(format: "%09d", random.next(1_000_000_000)))"
                    if roll < 5 && h > 0 { phone = nil } else if roll < 15, h > 0, let previous = previousPhone { phone = previous }
                    previousPhone = phone
                    try household.execute(arguments: [
                        "G\(g)-H\(h)", "Ibu \(g)-\(h)", phone, roll % 3 == 0 ? "whatsapp" : "sms", roll % 5 < 3 ? "su" : "id",
                        "G\(g)", "\(rw % 10 + 1)",
                    ])
                    for m in 0..<(2 + random.next(5)) {
                        let kind = random.next(100)
                        var component: String?
                        var birth = reference.adding(days: -(random.next(60 * 365) + 18 * 365))
                        var lmp: String?
                        var delivery: String?
                        var school = ""
                        switch kind {
                        case 0..<5: component = "bumil"; lmp = reference.adding(days: -random.next(270)).description
                        case 5..<7: component = "nifas"; delivery = reference.adding(days: -random.next(40)).description
                        case 7..<25: component = "anak_usia_dini"; birth = reference.adding(days: -random.next(6 * 365))
                        case 25..<45: component = "sd"; birth = reference.adding(days: -(7 * 365 + random.next(6 * 365))); school = "SDN 1"
                        case 45..<55: component = "smp"; birth = reference.adding(days: -(13 * 365 + random.next(3 * 365))); school = "SMPN 1"
                        case 55..<60: component = "lansia"; birth = reference.adding(days: -(60 * 365 + random.next(20 * 365)))
                        case 60: component = "disabilitas_berat"
                        default: break
                        }
                        try member.execute(arguments: [
                            "G\(g)-H\(h)", "anggota \(m)", "Anggota \(m)", m == 0 ? "P" : "L", birth.description, component, lmp,
                            delivery, school,
                        ])
                    }
                }
            }
        }
    }
}

/// A small deterministic generator, so every run builds the same rosters.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
