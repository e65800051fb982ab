import Foundation
import Platform

/// The two ways a fuzz executable runs a check: once per libFuzzer input, or, built without
/// the fuzzer, over files named on the command line (to replay a crash or a seed).
public enum FuzzDriver {
    #if FUZZING
    /// Runs libFuzzer on `target` with the process's arguments.
    public static func fuzz(_ target: FuzzTarget) -> Never {
        LibFuzzer.run { bytes in runOne(target, bytes) }
    }
    #endif

    /// One libFuzzer input. A broken invariant must crash the process, or libFuzzer would
    /// not save the input.
    static func runOne(_ target: FuzzTarget, _ bytes: [UInt8]) {
        do {
            try target.check(bytes)
        } catch {
            fatalError("fuzz invariant broken: \(error)")
        }
    }

    /// Runs the check over every file named in the arguments (folders: every file in them)
    /// or over standard input; exit status 1 when any input breaks an invariant.
    public static func replay(_ target: FuzzTarget, arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        var inputs: [(String, [UInt8])] = []
        if arguments.isEmpty {
            inputs.append(("<stdin>", [UInt8](FileHandle.standardInput.readDataToEndOfFile())))
        }
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                FileHandle.standardError.write(Data("\(argument): no such file or directory\n".utf8))
                ProcessSignals.exit(2)
            }
            let files = isDirectory.boolValue
                ? ((try? FileManager.default.subpathsOfDirectory(atPath: argument)) ?? []).sorted().map { argument + "/" + $0 }
                : [argument]
            for file in files {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: file, isDirectory: &isFolder), !isFolder.boolValue,
                   let data = FileManager.default.contents(atPath: file) {
                    inputs.append((file, [UInt8](data)))
                }
            }
        }
        var failed = 0
        for (name, bytes) in inputs {
            do {
                try target.check(bytes)
            } catch {
                failed += 1
                print("\(name): \(error)")
            }
        }
        print("\(target.rawValue): \(inputs.count) inputs, \(failed) failed")
        ProcessSignals.exit(failed == 0 ? 0 : 1)
    }
}
