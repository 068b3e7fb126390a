import Foundation
import Logging
import PengingatGateways
import PengingatService
import PengingatTemplates
import Testing

@Suite("Configuration file")
struct ConfigurationTests {
    @Test("the shipped configuration loads, and its templates and WhatsApp mapping load with it")
    func shipped() throws {
        let path = Fixtures.repositoryRoot + "/Config/pengingat.yaml"
        var configuration = try PengingatConfiguration.load(path: path)
        #expect(configuration.templates.maxReminderSegments == 1)
        #expect(configuration.templates.mapTypography)
        #expect(configuration.whatsAppTemplates["p2k2-reminder-day-before"]?.name == "pkh_p2k2_pengingat")
        configuration.templates.directory = Fixtures.repositoryRoot + "/Templates"
        let catalogue = try configuration.loadTemplates(configurationPath: path)
        #expect(catalogue.whatsAppTemplates[.scheduleAnswer]?.parameters == ["nama", "kelompok", "tanggal", "jam", "tempat"])
    }

    @Test("no file, or an empty one, means the defaults")
    func defaults() throws {
        #expect(try PengingatConfiguration.load(path: nil) == PengingatConfiguration())
        let empty = try Fixtures.folder(["kosong.yaml": "\n"])
        #expect(try PengingatConfiguration.load(path: empty + "/kosong.yaml") == PengingatConfiguration())
        let partial = try Fixtures.folder(["sebagian.yaml": "templates:\n  max_reminder_segments: 2\n"])
        let loaded = try PengingatConfiguration.load(path: partial + "/sebagian.yaml")
        #expect(loaded.templates == TemplateSettings(maxReminderSegments: 2))
    }

    @Test("a broken file says where and what, with a code")
    func errors() throws {
        let folder = try Fixtures.folder([
            "rusak.yaml": "templates:\n  dir: [Templates\n",
            "salah.yaml": "templates:\n  max_reminder_segments: satu\n",
        ])
        #expect(throws: ConfigurationError(path: "/tidak/ada.yaml", reason: .unreadable)) {
            try PengingatConfiguration.load(path: "/tidak/ada.yaml")
        }
        do {
            _ = try PengingatConfiguration.load(path: folder + "/rusak.yaml")
            Issue.record("read broken YAML")
        } catch {
            #expect(error.code == "CFG02")
        }
        do {
            _ = try PengingatConfiguration.load(path: folder + "/salah.yaml")
            Issue.record("read a word as a number")
        } catch {
            #expect(error.code == "CFG03")
            #expect(error.explanation.contains("templates.max_reminder_segments"))
        }
    }

    @Test("each gateway reads its own settings: typed, with defaults, and errors that name the key")
    func gatewaySettings() throws {
        let folder = try Fixtures.folder([
            "gateways.yaml": """
                gateways:
                  sms:
                    type: kannel
                    url: http://127.0.0.1:13013/cgi-bin/sendsms
                    username: pengingat
                    password_env: KANNEL_PASSWORD
                    rate_per_second: 20
                    timeout_seconds: 8
                  wa:
                    type: whatsapp
                    phone_number_id: "1098765"
                    token_env: WA_TOKEN
                """,
            "tanpa-url.yaml": "gateways:\n  sms:\n    type: kannel\n    username: u\n    password_env: P\n",
            "jenis.yaml": "gateways:\n  sms:\n    type: pos-merpati\n",
        ])
        let loaded = try PengingatConfiguration.load(path: folder + "/gateways.yaml")
        let kannel = try #require(loaded.gateways["sms"]?.settings as? KannelSettings)
        #expect(kannel == KannelSettings(url: "http://127.0.0.1:13013/cgi-bin/sendsms", username: "pengingat", passwordEnv: "KANNEL_PASSWORD"))
        #expect(loaded.gateways["sms"]?.ratePerSecond == 20)
        #expect(loaded.gateways["sms"]?.timeoutSeconds == 8)
        let whatsApp = try #require(loaded.gateways["wa"]?.settings as? WhatsAppSettings)
        #expect(whatsApp.apiVersion == "v20.0" && whatsApp.verifyTokenEnv == "PENGINGAT_WHATSAPP_VERIFY_TOKEN")
        do {
            _ = try PengingatConfiguration.load(path: folder + "/tanpa-url.yaml")
            Issue.record("read a Kannel gateway without its URL")
        } catch {
            #expect(error.explanation.contains("gateways.sms.url: wajib ada"))
        }
        do {
            _ = try PengingatConfiguration.load(path: folder + "/jenis.yaml")
            Issue.record("read an unknown kind of gateway")
        } catch {
            #expect(error.explanation.contains("jenis pos-merpati tidak dikenal"))
            #expect(error.explanation.contains("kannel, whatsapp"))
        }
    }

    @Test("building the gateways: a missing secret names its key; connections follow the concurrency; two different CA files are refused")
    func gatewayBuilding() throws {
        let folder = try Fixtures.folder([
            "ca.yaml": """
                gateways:
                  a: {type: http, url: "https://a.example.id/send", ca_path: /etc/a.pem}
                  b: {type: http, url: "https://b.example.id/send", ca_path: /etc/b.pem}
                """,
        ])
        var configuration = try PengingatConfiguration.load(path: Fixtures.repositoryRoot + "/Config/pengingat.yaml")
        configuration.gateways = ["sms": GatewayConfiguration(KannelGateway.self, KannelSettings(
            url: "http://127.0.0.1:13013/cgi-bin/sendsms", username: "u", passwordEnv: "PENGINGAT_KANNEL_PASSWORD"))]
        configuration.dispatch.channels = ["sms": ["sms"]]
        #expect(throws: ConfigurationError(path: "gateways.sms.password_env", reason: .invalidValue(
            "variabel lingkungan PENGINGAT_KANNEL_PASSWORD belum diisi (rahasia tidak pernah ditulis di berkas konfigurasi)"))) {
            try GatewayRegistry.build(configuration, environment: [:], logger: Logger(label: "test"))
        }
        #expect(try GatewayRegistry.build(configuration, environment: ["PENGINGAT_KANNEL_PASSWORD": "p"], logger: Logger(label: "test"))
            .names == ["sms"])
        // As many connections to a host as sends may be in flight: none waits inside curl behind
        // a lower limit the operator never set. The idle-connection cache keeps at least 64.
        for (concurrency, perHost, total) in [(64, 64, 64), (8, 8, 64), (200, 200, 200)] {
            configuration.dispatch.concurrency = concurrency
            let built = try GatewayRegistry.build(configuration, environment: ["PENGINGAT_KANNEL_PASSWORD": "p"], logger: Logger(label: "test"))
            #expect(built.transport?.configuration.maxConnectionsPerHost == perHost)
            #expect(built.transport?.configuration.maxTotalConnections == total)
            built.transport?.shutdown()
        }
        var twoCAs = try PengingatConfiguration.load(path: folder + "/ca.yaml")
        twoCAs.dispatch.channels = [:]
        do {
            _ = try GatewayRegistry.build(twoCAs, environment: [:], logger: Logger(label: "test"))
            Issue.record("built gateways with two CA files")
        } catch let error as ConfigurationError {
            #expect(error.code == "CFG03")
            #expect(error.explanation.contains("ca_path"))
        }
    }
}
