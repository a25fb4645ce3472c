import Foundation
import FuzzSupport

// Every input scanned as a log of format counts.
exit(Fuzz.run { Fuzz.scan($0, format: .counts) })
