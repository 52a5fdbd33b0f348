/** The analytics task SPI. */
@Export
@Version("1.0.0")
package org.fractalis.api.analytics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
