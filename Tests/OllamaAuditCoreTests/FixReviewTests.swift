import AuditTestSupport
import Foundation
@testable import OllamaAuditCore
import Testing

/// The review loop behind `--fix --interactive`, with scripted answers (the CLI test drives
/// the same loop through a real terminal).
@Suite struct FixReviewTests {
    /// A plan for three files that each change, in path order a.py, b.py, c.py.
    func plan() throws -> (root: String, plan: FixPlan) {
        let root = try TestSupport.makeTemporaryDirectory("review")
        let file = "import os\nurl = os.environ.get('OLLAMA_URL', 'http://localhost:11434')\n"
        try TestSupport.writeTree(["a.py": file, "b.py": file, "c.py": file], under: root)
        var request = FixRequest()
        request.scan.paths = [root]
        request.dryRun = true
        let plan = try Pipeline.planFix(request)
        #expect(plan.plans.filter(\.changed).map(\.file.path) == ["a.py", "b.py", "c.py"])
        return (root, plan)
    }

    func run(_ answers: [String?]) throws -> (reviewed: FixPlan, shown: String, asked: Int) {
        let (root, plan) = try plan()
        defer { TestSupport.removeTree(root) }
        var result = try run(plan, answers)
        // The temporary root is outside the working directory, so paths show under it: made stable.
        result.shown = result.shown.replacingOccurrences(of: root, with: "ROOT")
        return result
    }

    func run(_ plan: FixPlan, _ answers: [String?]) throws -> (reviewed: FixPlan, shown: String, asked: Int) {
        var shown = "", asked = 0
        let reviewed = FixReview.review(plan, color: false, show: { shown += $0 }, ask: { prompt in
            shown += prompt
            defer { asked += 1 }
            return asked < answers.count ? answers[asked] : nil
        })
        return (reviewed, shown, asked)
    }

    @Test func theEndOfInputIsQuit() throws {
        // One yes, then the input ends: the rest is declined, and nothing more is asked.
        let (reviewed, _, asked) = try run(["y", nil])
        #expect(asked == 2)
        #expect(reviewed.plans.filter(\.changed).map(\.file.path) == ["a.py"])
        #expect(reviewed.skipped.map(\.reason) == [FixReview.declined, FixReview.declined])
        #expect(reviewed.diff.contains("a/a.py") && !reviewed.diff.contains("a/b.py"), "the diff is what stays planned")
    }

    @Test func answersAreReadLikeAPersonTypesThem() throws {
        let (reviewed, shown, asked) = try run([" N ", "", "yes", "q"])
        #expect(asked == 4, "an empty answer is asked again")
        #expect(reviewed.plans.filter(\.changed).map(\.file.path) == ["b.py"])
        #expect(TestSupport.golden(shown, "fix-review.txt") == nil, "what a person sees, pinned")
        #expect(shown.components(separatedBy: "Answer y (apply this file)").count == 2)
        #expect(!shown.contains("\u{1B}["), "no colour when not asked for")
    }

    @Test func allAcceptsTheRestWithoutAsking() throws {
        let (reviewed, _, asked) = try run(["n", "a"])
        #expect(asked == 2)
        #expect(reviewed.plans.filter(\.changed).map(\.file.path) == ["b.py", "c.py"])
    }
}
