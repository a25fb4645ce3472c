import Testing

@testable import SextantModel

@Suite("Targets")
struct TargetsTests {
    @Test("the seed's target table is built in unchanged")
    func seedTable() {
        let sales = Targets.recommended(for: .salesLeadQualification)
        #expect(sales.contained == TargetRange(floor: 0.80, ceiling: 0.90))
        #expect(sales.resolution == TargetRange(floor: 0.70, ceiling: 0.80))
        let service = Targets.recommended(for: .service)
        #expect(service.contained == TargetRange(floor: 0.70, ceiling: 0.90))
        #expect(service.resolution == TargetRange(floor: 0.60, ceiling: 0.85))
    }

    @Test("eCommerce and technology split the service range at its midpoint and together cover it")
    func serviceSplit() {
        let service = Targets.recommended(for: .service)
        let ecommerce = Targets.recommended(for: .serviceEcommerce)
        let technology = Targets.recommended(for: .serviceTechnology)
        for (whole, high, low) in [
            (service.contained, ecommerce.contained, technology.contained),
            (service.resolution, ecommerce.resolution, technology.resolution),
        ] {
            #expect(low.floor == whole.floor && high.ceiling == whole.ceiling)
            #expect(low.ceiling == high.floor && high.floor == (whole.floor + whole.ceiling) / 2)
        }
    }

    @Test("issue ceilings are labelled as the project's defaults, with P0 at zero tolerance")
    func issueDefaults() {
        let ceilings = IssueCeilings.projectDefaults
        #expect(ceilings.zeroTolerance == [.p0])
        #expect(ceilings.source.contains("not the seed's"))
        #expect(ceilings.ceilings[.p0]! < ceilings.ceilings[.p1]! && ceilings.ceilings[.p1]! < ceilings.ceilings[.p2]!)
    }
}
