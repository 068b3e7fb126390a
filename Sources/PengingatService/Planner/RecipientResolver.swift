import PengingatCore

/// Where a household's messages go: its own phone, a phone it shares or borrows (then no
/// health details), or, without any phone (or with one judged unreachable), its ketua
/// kelompok's phone as a relay.
struct RecipientResolver: Sendable {
    enum Recipient: Sendable, Equatable {
        case phone(PhoneNumber, isOwn: Bool, household: Household)
        case relay(via: Household, phone: PhoneNumber)

        var phone: PhoneNumber {
            switch self {
            case .phone(let phone, _, _), .relay(_, let phone): phone
            }
        }

        var isOwn: Bool {
            if case .phone(_, let own, _) = self { return own }
            return false
        }
    }

    static let unreachableReason = "tidak punya HP dan ketua kelompok tidak bisa dititipi pesan"

    let group: Group
    let households: [Household.ID: Household]
    let sharedPhones: Set<PhoneNumber>
    /// Households whose own phone recent messages did not reach (`ReachabilityService`).
    let unreachable: Set<Household.ID>

    init(group: Group, households: [Household], sharedPhones: Set<PhoneNumber>, unreachable: Set<Household.ID> = []) {
        self.group = group
        self.households = Dictionary(uniqueKeysWithValues: households.map { ($0.id, $0) })
        self.sharedPhones = sharedPhones
        self.unreachable = unreachable
    }

    func recipient(for household: Household) -> Recipient? {
        if let phone = household.phone, !unreachable.contains(household.id) {
            return .phone(phone, isOwn: !sharedPhones.contains(phone), household: household)
        }
        if let phone = household.alternatePhone {
            return .phone(phone, isOwn: false, household: household)
        }
        if let leaderID = group.leaderHouseholdID, leaderID != household.id, let leader = households[leaderID],
           leader.status == .active, leader.consent == .granted, !unreachable.contains(leaderID), let phone = leader.phone {
            return .relay(via: leader, phone: phone)
        }
        return nil
    }
}
