/** Data kinds and the columnar frame every connector produces and every analytics task consumes. */
@Export
@Version("1.2.0")
package org.fractalis.api.data;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
