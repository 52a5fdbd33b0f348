/** Services fractalis-core provides to the web, worker and shell bundles. */
@Export
@Version("1.5.0")
package org.fractalis.api.service;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
