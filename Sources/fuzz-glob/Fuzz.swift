import FuzzChecks

// Built with -DFUZZING and -sanitize=fuzzer by `make fuzz`, main hands the arguments to
// libFuzzer, which calls the check per input. Built plainly (`swift build`), it replays files
// instead: a crash input or a seed folder, e.g. `swift run fuzz-glob fixtures/fuzz/glob`.
@main enum Fuzz {
    static func main() {
        #if FUZZING
        FuzzDriver.fuzz(.glob)
        #else
        FuzzDriver.replay(.glob)
        #endif
    }
}
