/// Seeds for independent random streams, derived from one recorded master seed.
///
/// This is NumPy's `SeedSequence` algorithm (M. E. O'Neill's hash-based entropy pool), reproduced
/// exactly: `SeedSequence(entropy: s, spawnKey: [i]).generateState(words: n)` equals NumPy's
/// `np.random.SeedSequence(s, spawn_key=(i,)).generate_state(n)`. Children with different spawn
/// keys give statistically independent streams, so replication i of a simulation draws from
/// `SeedSequence(entropy: seed).child(i)` whatever thread runs it, and results do not depend on the
/// number of threads or the order in which replications run.
public struct SeedSequence: Hashable, Sendable {
    /// The master seed.
    public let entropy: UInt64
    /// The path from the master seed to this sequence: empty for the root, `[i]` for its i-th child.
    public let spawnKey: [UInt32]

    private static let poolSize = 4
    private static let initA: UInt32 = 0x43b0_d7e5
    private static let multA: UInt32 = 0x931e_8875
    private static let initB: UInt32 = 0x8b51_f9dd
    private static let multB: UInt32 = 0x58f3_8ded
    private static let mixMultL: UInt32 = 0xca01_f9dd
    private static let mixMultR: UInt32 = 0x4973_f715

    private let pool: [UInt32]

    /// Creates the sequence for `entropy` (the master seed) and a spawn key.
    public init(entropy: UInt64, spawnKey: [UInt32] = []) {
        self.entropy = entropy
        self.spawnKey = spawnKey
        self.pool = Self.mixedPool(entropy: entropy, spawnKey: spawnKey)
    }

    /// The i-th child: the same entropy with `i` appended to the spawn key.
    public func child(_ index: UInt32) -> SeedSequence {
        SeedSequence(entropy: entropy, spawnKey: spawnKey + [index])
    }

    /// `count` 32-bit words of state for a generator.
    public func generateState(words count: Int) -> [UInt32] {
        var hashConst = Self.initB
        return (0..<count).map { i in
            var value = pool[i % Self.poolSize]
            value ^= hashConst
            hashConst = hashConst &* Self.multB
            value = value &* hashConst
            value ^= value >> 16
            return value
        }
    }

    private static func mixedPool(entropy: UInt64, spawnKey: [UInt32]) -> [UInt32] {
        // The entropy as little-endian 32-bit words (at least one); padded to the pool size when a
        // spawn key follows, so that keys cannot collide with longer entropy.
        var words: [UInt32] =
            entropy >> 32 == 0 ? [UInt32(entropy)] : [UInt32(truncatingIfNeeded: entropy), UInt32(entropy >> 32)]
        if !spawnKey.isEmpty, words.count < poolSize {
            words += [UInt32](repeating: 0, count: poolSize - words.count)
        }
        words += spawnKey

        var hashConst = initA
        func hashmix(_ input: UInt32) -> UInt32 {
            var value = input ^ hashConst
            hashConst = hashConst &* multA
            value = value &* hashConst
            value ^= value >> 16
            return value
        }
        func mix(_ x: UInt32, _ y: UInt32) -> UInt32 {
            var result = (mixMultL &* x) &- (mixMultR &* y)
            result ^= result >> 16
            return result
        }
        var pool = [UInt32](repeating: 0, count: poolSize)
        for i in 0..<poolSize {
            pool[i] = hashmix(i < words.count ? words[i] : 0)
        }
        for source in 0..<poolSize {
            for destination in 0..<poolSize where source != destination {
                pool[destination] = mix(pool[destination], hashmix(pool[source]))
            }
        }
        for source in poolSize..<max(poolSize, words.count) {
            for destination in 0..<poolSize {
                pool[destination] = mix(pool[destination], hashmix(words[source]))
            }
        }
        return pool
    }
}
