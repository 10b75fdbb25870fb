import Foundation
import Logging
import TesseraCore

/// Curation kept apart from the data, as IDR keeps it: a folder laid out like IDR's curation repository (study
/// folders holding the study file, annotation tables and bulkmap configs), and filesets tables saying which
/// bucket prefix holds which curated plate.
public struct Curation: Sendable {
    public var source: ObjectSource
    public var filesets: [FilesetMapping.Row]

    public init(source: ObjectSource, filesets: [FilesetMapping.Row] = []) {
        self.source = source
        self.filesets = filesets
    }

    /// The curated studies with their data mounted in: each study folder of the curation shows its own files, the
    /// data folder of the same accession (`idr0028-…`; the data's own curation files hidden), and the Zarr roots
    /// under each filesets prefix of the study. Also the curated plate name of each such root (by URL) and what
    /// could not be placed. Data folders no curated study claims are not crawled.
    func mount(_ data: ObjectSource, logger: Logger) async throws -> (source: MountedSource, plateAliases: [String: String], issues: [CrawlIssue]) {
        let studies = try await source.list(prefix: "").prefixes.filter { !$0.hasPrefix(".") }
        let dataFolders = try await data.list(prefix: "").prefixes.filter { !$0.hasPrefix(".") }
        var mounts: [MountedSource.Mount] = []
        var claimed = Set<String>()
        var studyOfAccession: [String: String] = [:]
        for study in studies {
            let accession = Self.accession(study)
            if let accession { studyOfAccession[accession] = study }
            if let folder = dataFolders.first(where: { $0 == study || (accession != nil && Self.accession($0) == accession) }) {
                claimed.insert(folder)
                mounts.append(.init(at: study, source: data, from: folder, hides: { StudyCrawler.isCuration($0) }))
            }
            mounts.append(.init(at: study, source: source, from: study))
        }
        var aliases: [String: String] = [:]
        var issues: [CrawlIssue] = []
        for row in filesets {
            guard let study = studyOfAccession[row.accession.lowercased()] else {
                issues.append(CrawlIssue(url: data.url(of: row.prefix), message: "the filesets table names \(row.accession), which the curation does not hold"))
                continue
            }
            claimed.insert(String(row.prefix.prefix { $0 != "/" }) + "/")
            let listing = try await data.list(prefix: row.prefix)
            // The prefix is the Zarr root itself, or holds it (`S-BIADnnn/<uuid>/` holds `<uuid>.zarr/`).
            let roots = listing.objects.contains { StudyCrawler.marksZarrRoot($0.name) } ? [row.prefix] : listing.prefixes.filter { $0.hasSuffix(".zarr/") }
            guard !roots.isEmpty else {
                issues.append(CrawlIssue(url: data.url(of: row.prefix), message: "the filesets table places \(row.accession) plate \(row.plate) here, but no Zarr root is there"))
                continue
            }
            for root in roots {
                mounts.insert(.init(at: study + ObjectInfo.name(of: root) + "/", source: data, from: root), at: 0)
                aliases[data.url(of: root).trimmingSuffix("/")] = row.plate
            }
        }
        for folder in dataFolders where !claimed.contains(folder) {
            logger.info("not crawled: no curated study claims this folder", metadata: ["url": "\(data.url(of: folder))"])
        }
        return (MountedSource(publicBaseURL: source.publicBaseURL, mounts: mounts), aliases, issues)
    }

    /// `idr0028` of `idr0028-pascualvargas-rhogtpases/`.
    static func accession(_ folder: String) -> String? {
        let name = folder.lowercased()
        guard name.hasPrefix("idr"), name.count >= 7, name.dropFirst(3).prefix(4).allSatisfy(\.isNumber) else { return nil }
        return String(name.prefix(7))
    }
}
