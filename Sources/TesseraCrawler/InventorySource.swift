import Crypto
import Foundation
import TesseraCore

/// A study's metadata objects as one inventory listed them. Folder listings and "does it exist" are answered
/// from memory (no probing what the listing already said); documents the catalog holds from objects listed
/// unchanged are taken from it, and the others are prefetched in the order the crawler will read them.
struct InventorySource: ObjectSource {
    let base: ObjectSource
    let objects: [String: ObjectInfo]
    let folders: [String: Listing]
    /// Documents of unchanged objects, as the catalog keeps them, by key.
    let catalogued: [String: String]
    let prefetcher: Prefetcher

    var publicBaseURL: String { base.publicBaseURL }

    func url(of key: String) -> String { base.url(of: key) }

    init(base: ObjectSource, inventory: [ObjectInfo], below prefix: String, window: Int, documents: [CataloguedDocument] = []) {
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
        // An object is unchanged when its ETag and size are those it had when the catalog kept its document.
        let kept = Dictionary(documents.map { ($0.object.url, $0) }, uniquingKeysWith: { first, _ in first })
        var catalogued: [String: String] = [:]
        for object in kept.isEmpty ? [] : inventory where object.etag != nil {
            guard let document = kept[base.url(of: object.key)], document.object.etag == object.etag,
                  document.object.size == object.size, document.text.utf8.count == object.size else { continue }
            catalogued[object.key] = document.text
        }
        self.catalogued = catalogued
        // A Zarr v2 array's own `.zattrs` is never read (the crawler reads `.zattrs` as group documents only):
        // prefetching them cost a third more GETs than the crawl needs.
        let arrays = Set(inventory.filter { $0.name == ".zarray" }.map { Self.parent($0.key) })
        let read = inventory.filter { object in
            StudyCrawler.reads(object.name) && catalogued[object.key] == nil
                && !(object.name == ".zattrs" && arrays.contains(Self.parent(object.key)))
        }
        prefetcher = Prefetcher(source: base, keys: ReadingOrder.sorted(read.map(\.key)), window: window)
    }

    func list(prefix: String) async throws -> Listing {
        folders[prefix] ?? Listing(objects: [], prefixes: [])
    }

    func get(_ key: String) async throws -> StoredObject? {
        guard objects[key] != nil || !StudyCrawler.isMetadata(ObjectInfo.name(of: key)) else { return nil }
        if let object = objects[key], let text = catalogued[key] {
            return StoredObject(info: object, data: Data(text.utf8), fromCatalog: true)
        }
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
        // Lines "key TAB etag TAB size", hashed at once: many small updates cost more than the hashing.
        var text = "tessera-crawler \(StudyCrawler.readerVersion)\n"
        text.reserveCapacity(inventory.count * 80)
        for object in inventory {
            text += object.key
            text += "\t"
            text += object.etag ?? ""
            text += "\t"
            text += String(object.size)
            text += "\n"
        }
        let hash = text.withUTF8 { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
        return Digits.hex(hash)
    }
}
