/** The backend SPI: state store and job queue, implemented embedded (in core) and on Redis/RabbitMQ. */
@Export
@Version("1.2.0")
package org.fractalis.api.backend;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
