import Foundation
import TesseraCore

/// A folder on disk read as a bucket: its files are objects, keyed by their path relative to the folder.
public struct LocalFolderSource: ObjectSource {
    public let root: URL
    public let publicBaseURL: String

    /// - Parameter publicBaseURL: where the folder is published; defaults to its `file://` URL.
    public init(path: String, publicBaseURL: String? = nil) throws {
        let root = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL.resolvingSymlinksInPath()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CrawlError.sourceUnavailable("\(path) is not a readable folder")
        }
        self.root = root
        self.publicBaseURL = publicBaseURL ?? root.absoluteString
    }

    public func list(prefix: String) async throws -> Listing {
        let folder = try resolve(prefix)
        // A folder that is not there lists empty, as an S3 prefix with nothing under it does.
        guard FileManager.default.fileExists(atPath: folder.path) else { return Listing(objects: [], prefixes: []) }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        var listing = Listing(objects: [], prefixes: [])
        for name in names {
            let url = folder.appendingPathComponent(name)
            let values = try url.resourceValues(forKeys: [.isDirectoryKey, .fileSizeKey, .contentModificationDateKey])
            if values.isDirectory == true {
                listing.prefixes.append(prefix + name + "/")
            } else {
                listing.objects.append(info(key: prefix + name, values: values))
            }
        }
        return listing
    }

    public func get(_ key: String) async throws -> StoredObject? {
        let url = try resolve(key)
        guard let values = try? url.resourceValues(forKeys: [.isDirectoryKey, .fileSizeKey, .contentModificationDateKey]),
              values.isDirectory == false else { return nil }
        return StoredObject(info: info(key: key, values: values), data: try Data(contentsOf: url))
    }

    public func exists(_ key: String) async throws -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: try resolve(key).path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// Keys come from metadata; one that would leave the folder, by `..` or a symbolic link, is refused rather than followed.
    private func resolve(_ key: String) throws -> URL {
        let url = root.appendingPathComponent(key).standardizedFileURL.resolvingSymlinksInPath()
        guard url.path == root.path || url.path.hasPrefix(root.path + "/") else {
            throw CrawlError.outsideSource(key)
        }
        return url
    }

    /// Local files have no ETag; size and modification time stand in for one.
    private func info(key: String, values: URLResourceValues) -> ObjectInfo {
        let size = Int64(values.fileSize ?? 0)
        let modified = values.contentModificationDate
        let stamp = modified.map { String(Int64($0.timeIntervalSince1970 * 1_000_000)) } ?? "0"
        return ObjectInfo(key: key, size: size, etag: "\"\(size)-\(stamp)\"",
                          lastModified: modified.map { $0.ISO8601Format() })
    }
}
