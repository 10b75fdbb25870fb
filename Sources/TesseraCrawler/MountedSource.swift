import Foundation
import TesseraCore

/// Several sources seen as one tree, each mount showing a folder of a source at a place in the tree. Mounts at
/// the same place are merged: their listings are united, and a key is read from the first mount that has it.
/// `--annotations` builds one: each curated study folder with its data folder and fileset roots mounted in.
struct MountedSource: ObjectSource {
    struct Mount: Sendable {
        /// The place in the tree, ending in `/`.
        var at: String
        var source: ObjectSource
        /// The folder of `source` shown there, `""` or ending in `/`.
        var from: String
        /// Names this mount does not show (the data's own curation files, where the curation provides them).
        var hides: @Sendable (Substring) -> Bool = { _ in false }

        func real(_ key: String) -> String { from + key.dropFirst(at.count) }
        func virtual(_ key: String) -> String { at + key.dropFirst(from.count) }
        func shows(_ key: String) -> Bool { !hides(ObjectInfo.name(of: key)) }
    }

    let publicBaseURL: String
    /// In the order keys are looked up: earlier mounts win.
    let mounts: [Mount]

    /// The mounts a key (or folder) lies in, the deepest place first, those hiding it left out.
    private func mounts(holding key: String) -> [Mount] {
        let covering = mounts.filter { key.hasPrefix($0.at) && $0.shows(key) }
        guard let deepest = covering.map(\.at.count).max() else { return [] }
        return covering.filter { $0.at.count == deepest }
    }

    func list(prefix: String) async throws -> Listing {
        var objects: [String: ObjectInfo] = [:]
        var prefixes = Set<String>()
        for mount in mounts(holding: prefix) {
            let listing = try await mount.source.list(prefix: mount.real(prefix))
            for object in listing.objects where mount.shows(object.key) {
                var info = object
                info.key = mount.virtual(object.key)
                objects[info.key] = objects[info.key] ?? info
            }
            prefixes.formUnion(listing.prefixes.map(mount.virtual))
        }
        // Places of deeper mounts show as folders of their parent.
        for mount in mounts where mount.at.count > prefix.count && mount.at.hasPrefix(prefix) {
            let child = mount.at.dropFirst(prefix.count)
            prefixes.insert(prefix + child.prefix { $0 != "/" } + "/")
        }
        return Listing(objects: objects.values.sorted { $0.key < $1.key }, prefixes: prefixes.sorted())
    }

    func get(_ key: String) async throws -> StoredObject? {
        for mount in mounts(holding: key) {
            if var object = try await mount.source.get(mount.real(key)) {
                object.info.key = key
                return object
            }
        }
        return nil
    }

    func exists(_ key: String) async throws -> Bool {
        for mount in mounts(holding: key) where try await mount.source.exists(mount.real(key)) {
            return true
        }
        return false
    }

    func url(of key: String) -> String {
        guard let mount = mounts(holding: key).first else { return ObjectPath.url(publicBaseURL, appending: key) }
        return mount.source.url(of: mount.real(key))
    }

    func inventory(prefix: String, wanted: @escaping @Sendable (Substring) -> Bool) async throws -> [ObjectInfo]? {
        var found: [String: ObjectInfo] = [:]
        for mount in mounts where prefix.hasPrefix(mount.at) || mount.at.hasPrefix(prefix) {
            let below = prefix.hasPrefix(mount.at) ? mount.real(prefix) : mount.from
            guard let objects = try await mount.source.inventory(prefix: below, wanted: wanted) else { return nil }
            for object in objects where mount.shows(object.key) {
                var info = object
                info.key = mount.virtual(object.key)
                found[info.key] = found[info.key] ?? info
            }
        }
        return found.values.sorted { $0.key < $1.key }
    }
}
