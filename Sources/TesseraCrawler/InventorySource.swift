import Crypto
import Foundation
import TesseraCore

/// A study's metadata objects as one inventory listed them. Folder listings and "does it exist" are answered
/// from memory (no probing what the listing already said); documents the catalog holds from objects listed
/// unchanged are taken from it, and the others are prefetched in the order the crawler will read them.
struct InventorySource: ObjectSource {
    let base: ObjectSource
    /// The inventory in UTF-8 byte order (S3's): a folder's objects and subfolders are one run of it, found by
    /// binary search, so listings cost nothing until asked for.
    let objects: [ObjectInfo]
    /// Each object's place in `objects`, by key: a crawl looks up every document it reads, and hashing a key once
    /// beat a binary search comparing long shared prefixes byte by byte.
    let positions: [String: Int]
    /// Documents of unchanged objects, as the catalog keeps them, by key.
    let catalogued: [String: String]
    let prefetcher: Prefetcher

    var publicBaseURL: String { base.publicBaseURL }

    func url(of key: String) -> String { base.url(of: key) }

    init(base: ObjectSource, inventory: [ObjectInfo], window: Int, documents: [CataloguedDocument] = []) {
        self.base = base
        let objects = inventory.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        self.objects = objects
        let positions = Dictionary(objects.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        self.positions = positions
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
        let read = objects.filter { object in
            StudyCrawler.reads(object.name) && catalogued[object.key] == nil
                && !(object.name == ".zattrs" && positions[object.key.dropLast(".zattrs".count) + ".zarray"] != nil)
        }
        prefetcher = Prefetcher(source: base, keys: ReadingOrder.sorted(read.map(\.key)), window: window)
    }

    /// The objects directly in the folder and the subfolders holding any, as a delimited listing gives them.
    func list(prefix: String) async throws -> Listing {
        var listing = Listing(objects: [], prefixes: [])
        var index = Self.lowerBound(prefix.utf8, in: objects)
        while index < objects.count, objects[index].key.utf8.starts(with: prefix.utf8) {
            let key = objects[index].key
            let rest = key.utf8.dropFirst(prefix.utf8.count)
            guard let slash = rest.firstIndex(of: UInt8(ascii: "/")) else {
                listing.objects.append(objects[index])
                index += 1
                continue
            }
            let folder = String(key[...slash])
            listing.prefixes.append(folder)
            // Past the folder's keys: the first key not below `folder`, which ends in "/", sorts at or after the
            // folder with its "/" raised to "0".
            index = Self.lowerBound(folder.utf8.dropLast() + [UInt8(ascii: "0")], in: objects)
        }
        return listing
    }

    func get(_ key: String) async throws -> StoredObject? {
        guard let object = find(key) else {
            return StudyCrawler.isMetadata(ObjectInfo.name(of: key)) ? nil : try await prefetcher.get(key)
        }
        if let text = catalogued[key] {
            return StoredObject(info: object, data: Data(text.utf8), fromCatalog: true)
        }
        return try await prefetcher.get(key)
    }

    func exists(_ key: String) async throws -> Bool {
        if StudyCrawler.isMetadata(ObjectInfo.name(of: key)) { return find(key) != nil }
        return try await base.exists(key)
    }

    func inventory(prefix: String, wanted: @escaping @Sendable (Substring) -> Bool) async throws -> [ObjectInfo]? {
        objects.filter { $0.key.hasPrefix(prefix) && wanted($0.name) }
    }

    private func find(_ key: String) -> ObjectInfo? {
        positions[key].map { objects[$0] }
    }

    /// The first object whose key is not below `bytes` in byte order.
    private static func lowerBound(_ bytes: some Collection<UInt8>, in objects: [ObjectInfo]) -> Int {
        var low = 0, high = objects.count
        while low < high {
            let middle = (low + high) / 2
            if objects[middle].key.utf8.lexicographicallyPrecedes(bytes) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// A digest of the listed metadata objects — key, ETag (the date of an object without one), size — and of how
    /// this crawler reads them: equal fingerprints mean a re-crawl would read the same documents the same way.
    /// An ETag names the content, so an object uploaded again unchanged (a new date) keeps its fingerprint.
    static func fingerprint(_ inventory: [ObjectInfo]) -> String {
        // Lines "key TAB etag TAB size", hashed at once: many small updates cost more than the hashing.
        var text = "tessera-crawler \(StudyCrawler.readerVersion)\n"
        text.reserveCapacity(inventory.count * 80)
        for object in inventory {
            text += object.key
            text += "\t"
            text += object.etag ?? "modified " + (object.lastModified ?? "")
            text += "\t"
            text += String(object.size)
            text += "\n"
        }
        let hash = text.withUTF8 { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
        return Digits.hex(hash)
    }
}
