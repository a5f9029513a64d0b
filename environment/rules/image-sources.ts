import type { ValidationIssue } from "../issues";
import type { CheckedDocument } from "./rule";

/** Path segments of image URLs whose file changes with every build (`latest/`, `current/`, Ubuntu's `release/`, ...). */
const MOVING_SEGMENTS = new Set(["latest", "current", "daily", "release", "stable", "nightly"]);

/** The moving segment of a URL's path, if it has one. */
export function movingSegment(url: string): string | undefined {
  return new URL(url).pathname.split("/").find((segment) => MOVING_SEGMENTS.has(segment));
}

/**
 * Warnings for cloud images that are not reproducible: a URL whose file changes under the same
 * name (a `latest/` or `current/` directory) and no checksum to notice it. Such an environment
 * still synthesizes; its templates just cannot be rebuilt the same way twice.
 */
export function imageSourceWarnings(documents: readonly CheckedDocument[]): ValidationIssue[] {
  return documents.flatMap(({ file, spec }) =>
    Object.keys(spec.templates)
      .sort()
      .flatMap((key): ValidationIssue[] => {
        const { image } = spec.templates[key];
        const segment = movingSegment(image.url);
        if (segment === undefined || image.checksum !== undefined) return [];
        return [
          {
            file,
            path: `templates.${key}.image.url`,
            message: `the URL moves ('${segment}/') and no checksum pins it: every rebuild may get another image, unverified; use a dated URL with its image.checksum (sha256: or sha512:)`,
          },
        ];
      }),
  );
}
