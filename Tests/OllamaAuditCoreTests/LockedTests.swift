import Dispatch
import Platform
import Testing

/// The lock worker threads merge through. Under `make sanitize-thread` this contends on
/// purpose: with Synchronization.Mutex TSan reported the handoff as a race (Locked.swift).
@Suite struct LockedTests {
    @Test func contendedUpdatesAreAllKept() {
        let total = Locked([Int]())
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for i in 0..<5000 { total.withLock { $0.append(worker * 10000 + i) } }
        }
        #expect(total.withLock { $0.count } == 8 * 5000)
        #expect(Set(total.withLock { $0 }).count == 8 * 5000)
    }
}
