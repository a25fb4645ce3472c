import Foundation
import FuzzSupport
import SextantIngest

// Every input parsed as a targets file.
exit(Fuzz.run { bytes in Fuzz.parseYAML(bytes) { try TargetsFile.parse($0, file: "fuzz.yaml") } })
