# Installation layout and the Debian package (cpack -G DEB in the build folder):
#   /usr/bin/porticod, /usr/lib/portico/plugins/*.so, /etc/portico/portico.xml (a conffile),
#   /lib/systemd/system/porticod.service, /usr/share/doc/portico, /usr/share/man/man8/porticod.8.gz;
#   /var/lib/portico and the system user portico are made by the maintainer scripts, which enable
#   and start nothing.

set(PORTICO_DEBIAN_DIR ${CMAKE_SOURCE_DIR}/installer/debian)
set(PORTICO_PACKAGING_DIR ${CMAKE_BINARY_DIR}/packaging)

install(TARGETS porticod RUNTIME DESTINATION bin)
# Every adapter folder builds the plugin of its name.
file(GLOB adapter_folders LIST_DIRECTORIES true ${CMAKE_SOURCE_DIR}/adapters/*)
foreach(folder IN LISTS adapter_folders)
    get_filename_component(plugin ${folder} NAME)
    if(TARGET ${plugin})
        install(TARGETS ${plugin} LIBRARY DESTINATION lib/portico/plugins)
    endif()
endforeach()
install(FILES ${PORTICO_DEBIAN_DIR}/portico.xml DESTINATION /etc/portico)
install(FILES ${CMAKE_SOURCE_DIR}/installer/porticod.service DESTINATION /lib/systemd/system)

# Debian wants documentation, the changelog and manual pages compressed (gzip -9n: no timestamp,
# so the package is the same from one build to the next).
set(compressed)
foreach(pair "README.md|${CMAKE_SOURCE_DIR}/README.md" "changelog.Debian|${PORTICO_DEBIAN_DIR}/changelog"
        "porticod.8|${PORTICO_DEBIAN_DIR}/porticod.8")
    string(REPLACE "|" ";" pair "${pair}")
    list(GET pair 0 name)
    list(GET pair 1 source)
    add_custom_command(OUTPUT ${PORTICO_PACKAGING_DIR}/${name}.gz
                       COMMAND ${CMAKE_COMMAND} -E make_directory ${PORTICO_PACKAGING_DIR}
                       COMMAND gzip -9nc ${source} > ${PORTICO_PACKAGING_DIR}/${name}.gz
                       DEPENDS ${source} VERBATIM)
    list(APPEND compressed ${PORTICO_PACKAGING_DIR}/${name}.gz)
endforeach()
add_custom_target(portico_packaging_files ALL DEPENDS ${compressed})
install(FILES ${PORTICO_PACKAGING_DIR}/README.md.gz ${PORTICO_PACKAGING_DIR}/changelog.Debian.gz
              ${PORTICO_DEBIAN_DIR}/copyright DESTINATION share/doc/portico)
install(FILES ${PORTICO_PACKAGING_DIR}/porticod.8.gz DESTINATION share/man/man8)
install(FILES ${PORTICO_DEBIAN_DIR}/lintian-overrides DESTINATION share/lintian/overrides RENAME portico)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME portico)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# The package's own revision: a new package of the same Portico version raises it (and the
# changelog's version, installer/debian/changelog, says the same).
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_PACKAGE_CONTACT "Portico authors <portico@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "API gateway putting a REST front on SOAP and legacy TCP systems")
# The extended description (dpkg takes the synopsis from the summary above).
string(CONCAT CPACK_DEBIAN_PACKAGE_DESCRIPTION
       "Portico routes and balances REST traffic, translates it to SOAP services and\n"
       "to legacy TCP protocols (fixed-width EBCDIC records, HL7 v2 over MLLP) through\n"
       "adapter plugins, enforces authentication, rate limits and quotas, caches\n"
       "answers and writes a tamper-evident audit trail to SQLite or PostgreSQL.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The libraries' packages, as dpkg-shlibdeps finds them; adduser for the maintainer scripts.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PORTICO_DEBIAN_DIR}/postinst ${PORTICO_DEBIAN_DIR}/postrm ${PORTICO_DEBIAN_DIR}/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
set(CPACK_SET_DESTDIR OFF)
include(CPack)
