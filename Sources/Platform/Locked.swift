import Foundation

/// A value behind a lock, for the few places worker threads hand results back.
///
/// Not `Synchronization.Mutex`: on Linux a contended Mutex is handed over inside
/// libswiftSynchronization (a spin, then FUTEX_LOCK_PI / FUTEX_UNLOCK_PI), which is not
/// instrumented, so ThreadSanitizer sees no ordering between two threads' critical sections
/// and reports every contended handoff as a race (`make sanitize-thread`; the first report
/// was two scan workers merging their results). A report we have to ignore would hide real
/// ones. NSLock is a pthread mutex, which TSan intercepts. The lock is taken once per worker
/// or per rule file, so its cost does not show.
package final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    package init(_ value: Value) { self.value = value }

    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
