import Foundation
import Testing
import TesseraCore
@testable import TesseraCrawler
import TesseraTesting

/// A study read from its inventory: listings and existence from memory, documents prefetched.
@Suite struct InventorySourceTests {
    @Test func listingsAndExistenceComeFromTheInventoryAlone() async throws {
        let folder = try LocalFolderSource(path: Fixtures.examples)
        let prefix = "idr0028-pascualvargas-rhogtpases/"
        let inventory = try #require(try await folder.inventory(prefix: prefix, wanted: StudyCrawler.isMetadata))
        #expect(inventory.allSatisfy { StudyCrawler.isMetadata($0.name) } && inventory.map(\.key) == inventory.map(\.key).sorted())
        let source = InventorySource(base: folder, inventory: inventory, window: 8)
        // Folder listings hold the metadata objects and the folders leading to them, as a real listing does.
        let top = try await source.list(prefix: prefix)
        #expect(top.prefixes == [prefix + "screenB/", prefix + "screenD/"] && top.objects.map(\.name).contains("idr0028-study.txt"))
        let plate = prefix + "screenB/LM2_ONTARGETPlus_1A.ome.zarr/"
        let real = try await folder.list(prefix: plate)
        let fromInventory = try await source.list(prefix: plate)
        #expect(Set(fromInventory.objects.map(\.key)) == Set(real.objects.map(\.key)))
        // Every folder, down the whole study: its metadata objects and the subfolders that lead to any.
        var folders = [prefix], reached: [String] = []
        while let next = folders.popLast() {
            let listed = try await source.list(prefix: next), real = try await folder.list(prefix: next)
            #expect(listed.objects.map(\.key) == real.objects.filter { StudyCrawler.isMetadata($0.name) }.map(\.key).sorted())
            #expect(Set(listed.prefixes).isSubset(of: real.prefixes) && listed.prefixes == listed.prefixes.sorted())
            folders += listed.prefixes
            reached += listed.objects.map(\.key)
        }
        #expect(reached.sorted() == inventory.map(\.key).sorted())
        #expect(try await source.exists(plate + ".zattrs"))
        #expect(try await !source.exists(plate + "no/.zattrs"))
        // A metadata document the inventory does not hold is absent, without asking the source.
        #expect(try await source.get(plate + "Z/99/.zattrs") == nil)
        let document = try #require(try await source.get(plate + ".zattrs"))
        #expect(document.data == (try await folder.get(plate + ".zattrs"))?.data)
        await source.prefetcher.cancel()
    }

    @Test func theFingerprintChangesWithAnyListedObject() {
        let objects = [ObjectInfo(key: "a/zarr.json", size: 10, etag: "\"1\"", lastModified: nil),
                       ObjectInfo(key: "a/b/zarr.json", size: 12, etag: "\"2\"", lastModified: nil)]
        let fingerprint = InventorySource.fingerprint(objects)
        #expect(fingerprint == InventorySource.fingerprint(objects))
        var edited = objects
        edited[1].etag = "\"3\""
        #expect(InventorySource.fingerprint(edited) != fingerprint)
        #expect(InventorySource.fingerprint(Array(objects.prefix(1))) != fingerprint)
        // An ETag names the content: the same object uploaded again keeps the fingerprint.
        edited = objects
        edited[0].lastModified = "2026-11-29T10:28:16.804Z"
        #expect(InventorySource.fingerprint(edited) == fingerprint)
    }

    @Test(arguments: ["", "\"\"", nil])
    func objectsWithoutAnETagAreKnownByTheirDate(etag: String?) {
        // As rclone lists objects when it computes no hashes: `<ETag></ETag>`, or `""` in a header.
        let object = ObjectInfo(key: "a/zarr.json", size: 10, etag: etag, lastModified: "2026-11-29T10:28:16.804Z")
        #expect(object.etag == nil)
        var rewritten = object
        rewritten.lastModified = "2026-11-30T00:40:00.000Z"
        #expect(InventorySource.fingerprint([rewritten]) != InventorySource.fingerprint([object]))
    }
}
