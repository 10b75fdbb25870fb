import Foundation
import Logging

/// Paths of the repository's committed fixtures, found from this file's location (tests run from any directory).
public enum Fixtures {
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The bundled example bucket: idr0028 (0.4 plates), idr0094 (0.5 sharded plate), idr0038 (0.5 images).
    public static var examples: String { repositoryRoot.appendingPathComponent("Examples").path }

    /// A fresh empty folder under the system temporary directory.
    public static func temporaryFolder(_ name: String = "tessera-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A copy of the example bucket that a test may damage.
    public static func copyOfExamples() throws -> URL {
        let folder = try temporaryFolder("tessera-examples").appendingPathComponent("bucket")
        try FileManager.default.copyItem(atPath: examples, toPath: folder.path)
        return folder
    }
}

extension Fixtures {
    /// Test logs show warnings only; per-study progress would drown the test report.
    public static var logger: Logger {
        var logger = Logger(label: "tessera-test")
        logger.logLevel = .warning
        return logger
    }
}

extension Fixtures {
    /// The array-variety bucket (Tests/Fixtures/arrays, see its README).
    public static var arrays: String { repositoryRoot.appendingPathComponent("Tests/Fixtures/arrays").path }
}

extension Fixtures {
    /// The layout bucket: bioformats2raw collections, several multiscales, OME-NGFF 0.1–0.3, RO-Crate, a 0.6 draft.
    public static var layouts: String { repositoryRoot.appendingPathComponent("Tests/Fixtures/layouts").path }
}

extension Fixtures {
    /// Six real IDR studies' curation files, without image data (Tests/Fixtures/idr, see its README).
    public static var idr: String { repositoryRoot.appendingPathComponent("Tests/Fixtures/idr").path }
}

extension Fixtures {
    /// A BioImage Archive-style bucket holding one idr0011 plate under `S-BIAD866/<uuid>/<uuid>.zarr`, and the
    /// filesets table placing it (Tests/Fixtures/idr-data, idr-filesets; see the fixtures README).
    public static var idrData: String { repositoryRoot.appendingPathComponent("Tests/Fixtures/idr-data").path }
    public static var idr0011Filesets: String { repositoryRoot.appendingPathComponent("Tests/Fixtures/idr-filesets/idr0011.csv").path }
}

extension Fixtures {
    /// A temporary curation folder holding only some studies of `idr` (a whole-corpus crawl is slow in debug builds).
    public static func idrStudies(_ accessions: [String]) throws -> String {
        let folder = try temporaryFolder("tessera-idr")
        for study in try FileManager.default.contentsOfDirectory(atPath: idr) where accessions.contains(where: study.hasPrefix) {
            try FileManager.default.copyItem(atPath: idr + "/" + study, toPath: folder.appendingPathComponent(study).path)
        }
        return folder.path
    }
}
