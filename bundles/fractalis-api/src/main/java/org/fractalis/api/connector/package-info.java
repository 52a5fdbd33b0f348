/** The connector (data-source handler) SPI. */
@Export
@Version("1.1.0")
package org.fractalis.api.connector;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
