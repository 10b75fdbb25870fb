import Crypto
import Foundation
import TesseraCore

/// A study's metadata objects as one inventory listed them. Folder listings and "does it exist" are answered
/// from memory (no probing what the listing already said), and reads are prefetched in key order, which is
/// close to the order the crawler follows the metadata.
struct InventorySource: ObjectSource {
    let base: ObjectSource
    let objects: [String: ObjectInfo]
    let folders: [String: Listing]
    let prefetcher: Prefetcher

    var publicBaseURL: String { base.publicBaseURL }

    func url(of key: String) -> String { base.url(of: key) }

    init(base: ObjectSource, inventory: [ObjectInfo], below prefix: String, window: Int) {
        self.base = base
        objects = Dictionary(inventory.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var files: [String: [ObjectInfo]] = [:]
        var children: [String: Set<String>] = [:]
        for object in inventory {
            var folder = Self.parent(object.key)
            files[folder, default: []].append(object)
            // Register each folder with its parent, up to the study's own folder.
            while folder.count > prefix.count {
                let parent = Self.parent(String(folder.dropLast()))
                guard children[parent, default: []].insert(folder).inserted else { break }
                folder = parent
            }
        }
        var folders: [String: Listing] = [:]
        for folder in Set(files.keys).union(children.keys) {
            folders[folder] = Listing(objects: files[folder] ?? [], prefixes: (children[folder] ?? []).sorted())
        }
        self.folders = folders
        // A Zarr v2 array's own `.zattrs` is never read (the crawler reads `.zattrs` as group documents only):
        // prefetching them cost a third more GETs than the crawl needs.
        let arrays = Set(inventory.filter { $0.name == ".zarray" }.map { Self.parent($0.key) })
        let read = inventory.filter { StudyCrawler.reads($0.name) && !($0.name == ".zattrs" && arrays.contains(Self.parent($0.key))) }
        prefetcher = Prefetcher(source: base, keys: ReadingOrder.sorted(read.map(\.key)), window: window)
    }

    func list(prefix: String) async throws -> Listing {
        folders[prefix] ?? Listing(objects: [], prefixes: [])
    }

    func get(_ key: String) async throws -> StoredObject? {
        guard objects[key] != nil || !StudyCrawler.isMetadata(ObjectInfo.name(of: key)) else { return nil }
        return try await prefetcher.get(key)
    }

    func exists(_ key: String) async throws -> Bool {
        if StudyCrawler.isMetadata(ObjectInfo.name(of: key)) { return objects[key] != nil }
        return try await base.exists(key)
    }

    func inventory(prefix: String, wanted: @escaping @Sendable (Substring) -> Bool) async throws -> [ObjectInfo]? {
        objects.values.filter { $0.key.hasPrefix(prefix) && wanted($0.name) }.sorted { $0.key < $1.key }
    }

    /// The folder holding `key` (`""` at the top), ending in `/`.
    private static func parent(_ key: String) -> String {
        guard let slash = key.lastIndex(of: "/") else { return "" }
        return String(key[...slash])
    }

    /// A digest of the listed metadata objects — key, ETag, size — and of how this crawler reads them:
    /// equal fingerprints mean a re-crawl would read the same documents the same way.
    static func fingerprint(_ inventory: [ObjectInfo]) -> String {
        var hash = SHA256()
        hash.update(data: Data("tessera-crawler \(StudyCrawler.readerVersion)\n".utf8))
        for object in inventory {
            hash.update(data: Data("\(object.key)\t\(object.etag ?? "")\t\(object.size)\n".utf8))
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
