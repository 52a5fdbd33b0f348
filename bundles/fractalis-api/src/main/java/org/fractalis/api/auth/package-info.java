/** Optional checks of the access token a client sends in {@code auth.token} (e.g. an OIDC access token). */
@Export
@Version("1.0.0")
package org.fractalis.api.auth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
