/// One train's part in a scenario: what it is, how it moves, which way.
public struct TrainRun: Sendable, Hashable {
    public var consist: Consist
    public var profile: MotionProfile
    public var direction: TravelDirection

    public init(consist: Consist, profile: MotionProfile, direction: TravelDirection = .ab) {
        self.consist = consist
        self.profile = profile
        self.direction = direction
    }
}
