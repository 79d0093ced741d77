import WagonCore

extension TrainReport {
    /// One line of `wagonctl replay --json`: the contract keys of DESIGN.md
    /// first, then extras (`point`, `train`, speed range, confidence, vehicles).
    public func jsonLine(pointName: String) -> String {
        var json = TrainContract(
            direction: direction.rawValue, axles: axles, vehicles: vehicles.count, wagons: wagons,
            locomotives: locomotives, start: start, end: end, speedAverageKmh: speedAverage,
            length: length, flags: flags.names).json
        json.add("point", pointName)
        json.add("train", number)
        json.add("speed_kmh_min", speedMinimum, decimals: 1)
        json.add("speed_kmh_max", speedMaximum, decimals: 1)
        json.add("confidence", confidence, decimals: 3)
        json.add("consist", strings: vehicles.map { "\($0.pattern.rawValue):\($0.axles)" })
        return json.string
    }
}

extension HealthEvent {
    /// One JSON line for a health event (`wagonctl replay --json --health`).
    public func jsonLine(channels: ChannelTable) -> String {
        var json = JSONObjectWriter()
        json.add("health", name)
        json.add("channel", channels.channelName(of: detector))
        json.add("time_ns", time)
        switch kind {
        case .chattering(let spikes): json.add("spikes", spikes)
        case .longOccupation(let since): json.add("since_ns", since)
        case .sequenceFault(let fault): json.add("fault", fault.description)
        case .timeWentBackwards(let by): json.add("by_ns", by)
        case .timeOutOfRange(let raw): json.add("raw_ns", raw)
        case .silent, .recovered, .incompletePassage, .lostEdge: break
        }
        return json.string
    }
}
