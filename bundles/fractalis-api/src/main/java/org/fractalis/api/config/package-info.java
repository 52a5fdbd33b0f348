/**
 * Configuration values this node refused: every {@code org.fractalis.*} value is checked against its metatype
 * (type, range, options) before a component sees it; a refused one is reported here and the component keeps its
 * last valid value (or the default).
 */
@Export
@Version("1.0.0")
package org.fractalis.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
