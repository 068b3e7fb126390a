import PengingatCore
import Testing

@Suite("Indonesian mobile numbers")
struct PhoneNumberTests {
    @Test("written forms normalise to E.164", arguments: [
        ("081234567890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("0812.3456.7890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("+6281234567890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("62 812 3456 7890", "+6281234567890"),
        ("(0812) 3456-7890", "+6281234567890"),
        ("0062 812 3456 7890", "+6281234567890"),
        ("+62 (0)812 3456 7890", "+6281234567890"),
        ("620812-3456-7890", "+6281234567890"),
        ("81234567890", "+6281234567890"),  // Excel dropped the leading zero
        ("'081234567890", "+6281234567890"),  // Excel's text prefix
        ("  081234567890\u{00A0}", "+6281234567890"),
        ("0811234567", "+62811234567"),  // shortest: 10 digits locally
        ("0812345678901", "+62812345678901"),  // longest: 13 digits locally
        ("0857-1234-5678", "+6285712345678"),
        ("0895 1234 5678", "+6289512345678"),
        ("0881-2345-678", "+628812345678"),
        ("0838 1234 5678", "+6283812345678"),
        ("+62-821-1234-5678", "+6282112345678"),
    ])
    func normalises(written: String, expected: String) throws {
        let number = try PhoneNumber(parsing: written)
        #expect(number.e164 == expected)
        #expect(number.localForm == "0" + expected.dropFirst(3))
    }

    @Test("what is not a usable mobile number gets its own code", arguments: [
        ("", "HP00"),
        ("   ", "HP00"),
        ("tidak ada", "HP01"),
        ("0812-3456-789O", "HP01"),  // letter O for zero
        ("0812+3456", "HP01"),
        ("0812345", "HP02"),
        ("08123456", "HP02"),  // 9 digits locally: one short
        ("08123456789012", "HP03"),  // 14 digits locally
        ("0265-331234", "HP04"),  // Tasikmalaya landline
        ("(022) 7654321", "HP04"),  // Bandung landline
        ("021 5551234", "HP04"),
        ("+62 265 331234", "HP04"),
        ("+60 12-345 6789", "HP05"),  // Malaysia
        ("0060123456789", "HP05"),
        ("6.28123E+12", "HP06"),
        ("8.12346E+10", "HP06"),
        ("0801234567", "HP07"),
        ("0841234567", "HP07"),
        ("0812-3456-7890 / 0857-1234-5678", "HP08"),
        ("081234567890, 085712345678", "HP08"),
    ])
    func rejects(written: String, code: String) {
        #expect(throws: PhoneNumberError.self) { try PhoneNumber(parsing: written) }
        do {
            _ = try PhoneNumber(parsing: written)
        } catch {
            #expect(error.code == code, "\(written): \(error.explanation)")
            #expect(!error.explanation.isEmpty && !error.remedy.isEmpty)
        }
    }

    @Test("a landline error names the area code")
    func landlineNamesAreaCode() {
        #expect(throws: PhoneNumberError(text: "0265-331234", reason: .landline(areaCode: "0265"))) {
            try PhoneNumber(parsing: "0265-331234")
        }
        #expect(throws: PhoneNumberError(text: "021 5551234", reason: .landline(areaCode: "021"))) {
            try PhoneNumber(parsing: "021 5551234")
        }
    }

    @Test("masked form keeps prefix and last three digits only")
    func masking() throws {
        let number = try PhoneNumber(parsing: "081234567890")
        #expect(number.masked == "+62812*****890")
        #expect(!number.masked.contains("4567"))
        // The shortest and longest stored numbers: the stars stand for every digit in between.
        #expect(PhoneNumber(e164: "+62812345678")?.masked == "+62812***678")
        #expect(PhoneNumber(e164: "+62812345678901")?.masked == "+62812******901")
    }

    @Test("the stored E.164 form reads back, other forms do not")
    func storedForm() {
        #expect(PhoneNumber(e164: "+6281234567890")?.localForm == "081234567890")
        #expect(PhoneNumber(e164: "081234567890") == nil)
        #expect(PhoneNumber(e164: "+62265331234") == nil)
    }
}

@Suite("Stored phone numbers")
struct StoredPhoneNumberTests {
    @Test("reading a stored number accepts exactly what parsing gives back in the same form")
    func e164AgreesWithParsing() {
        var candidates = ["", "+62", "+628", "+62812345678", "+628123456789", "+62812345678901", "+628123456789012",
                          "+6280123456789", "+6284123456789", "+6285712345678", "+62 81234567890", "6281234567890",
                          "+6281234567a90", "+6221123456789", "+63812345678", "＋6281234567890", "+٦٢٨١٢٣٤٥٦٧٨٩"]
        for length in 8...14 { candidates.append("+628" + String(repeating: "7", count: length - 1)) }
        for candidate in candidates {
            let parsed = (try? PhoneNumber(parsing: candidate)).flatMap { $0.e164 == candidate ? $0 : nil }
            #expect(PhoneNumber(e164: candidate) == parsed, "\(candidate)")
        }
    }
}
