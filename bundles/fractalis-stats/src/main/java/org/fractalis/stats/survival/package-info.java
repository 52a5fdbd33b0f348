/**
 * Survival estimators with the semantics of lifelines 0.14.3: Kaplan-Meier with the log(-log) Greenwood interval and
 * Nelson-Aalen with tie smoothing.
 */
@Export
@Version("1.0.0")
package org.fractalis.stats.survival;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
