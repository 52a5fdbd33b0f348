/** Classes named by this fragment's /jetty.xml; not exported (a fragment's classes live in its host). */
package org.fractalis.jetty.edge.internal;
