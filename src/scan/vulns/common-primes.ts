/**
 * DH primes that many servers share, of 1024 bits or less. The Logjam precomputation (Adrian et
 * al., "Imperfect Forward Secrecy: How Diffie-Hellman Fails in Practice", CCS 2015, weakdh.org)
 * is done once per prime, after which every server using that prime is broken at the cost of a
 * single discrete log each. A unique prime of the same size needs its own
 * precomputation: that is a key-exchange weakness by size (scan finding weak-dh), not Logjam.
 *
 * Data, one entry per public prime: its name, its size and where it comes from. The set is the
 * one testssl.sh matches as "common primes" (its etc/common-primes.txt, built from nmap's
 * ssl-dh-params.nse and cryptosense/diffie-hellman-groups), cut to 1024 bits or less; each value
 * was checked against both of those lists where both carry it. Larger shared groups (RFC 3526,
 * RFC 7919) are no Logjam target: derived.ts only names those.
 */

export interface SharedDhPrime {
  readonly name: string;
  /** Bit length of the prime (the tests check it against the hex). */
  readonly bits: number;
  /** The public source of the value. */
  readonly source: string;
  /** The prime, big-endian, upper-case hex without leading zeros. */
  readonly hex: string;
}

export const SHARED_DH_PRIMES: readonly SharedDhPrime[] = [
  { name: 'RFC 2409 Oakley group 1 (768 bits)', bits: 768,
    source: 'RFC 2409 section 6.1 (node:crypto modp1)',
    hex:
    'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74' +
    '020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437' +
    '4FE1356D6D51C245E485B576625E7EC6F44C42E9A63A3620FFFFFFFFFFFFFFFF' },
  { name: 'RFC 2409 Oakley group 2 (1024 bits)', bits: 1024,
    source: 'RFC 2409 section 6.2 (node:crypto modp2)',
    hex:
    'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74' +
    '020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437' +
    '4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF' },
  { name: 'RFC 5114 1024-bit MODP group with 160-bit prime order subgroup', bits: 1024,
    source: 'RFC 5114 section 2.1 (OpenSSL dh_1024_160)',
    hex:
    'B10B8F96A080E01DDE92DE5EAE5D54EC52C99FBCFB06A3C69A6A9DCA52D23B61' +
    '6073E28675A23D189838EF1E2EE652C013ECB4AEA906112324975C3CD49B83BF' +
    'ACCBDD7D90C4BD7098488E9C219A73724EFFD6FAE5644738FAA31A4FF55BCCC0' +
    'A151AF5F0DC8B4BD45BF37DF365C1A65E68CFDA76D4DA708DF1FB2BC2E4A4371' },
  { name: 'Apache httpd mod_ssl 2.0.x built-in 512-bit prime', bits: 512,
    source: 'Apache httpd mod_ssl built-in DH parameters (modules/ssl/ssl_engine_dh.c); nmap ssl-dh-params.nse, cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'D4BCD52406F69B35994B88DE5DB89682C8157F62D8F33633EE5772F11F05AB22' +
    'D6B5145B9F241E5ACC31FF090A4BC71148976F76795094E71E7903529F5A824B' },
  { name: 'Apache httpd mod_ssl 2.2.x built-in 512-bit prime', bits: 512,
    source: 'Apache httpd mod_ssl built-in DH parameters (modules/ssl/ssl_engine_dh.c); nmap ssl-dh-params.nse, cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    '9FDB8B8A004544F0045F1737D0BA2E0B274CDF1A9F588218FB435316A16E3741' +
    '71FD19D8D8F37C39BF863FD60E3E300680A3030C6E4C3757D08F70E6AA871033' },
  { name: 'Apache httpd mod_ssl 2.2.x built-in 1024-bit prime #1', bits: 1024,
    source: 'Apache httpd mod_ssl built-in DH parameters (modules/ssl/ssl_engine_dh.c); nmap ssl-dh-params.nse, cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'E6969D3D495BE32C7CF180C3BDD4798E91B7818251BB055E2A2064904A79A770' +
    'FA15A259CBD523A6A6EF09C43048D5A22F971F3C20129B48000E6EDD061CBC05' +
    '3E371D794E5327DF611EBBBE1BAC9B5C6044CF023D76E05EEA9BAD991B13A63C' +
    '974E9EF1839EB5DB125136F7262E56A8871538DFD823C6505085E21F0DD5C86B' },
  { name: 'Apache httpd mod_ssl 2.2.x built-in 1024-bit prime #2', bits: 1024,
    source: 'Apache httpd mod_ssl built-in DH parameters (modules/ssl/ssl_engine_dh.c); nmap ssl-dh-params.nse, cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'D67DE440CBBBDC1936D693D34AFD0AD50C84D239A45F520BB88174CB98BCE951' +
    '849F912E639C72FB13B4B4D7177E16D55AC179BA420B2A29FE324A467A635E81' +
    'FF5901377BEDDCFD33168A461AAD3B72DAE8860078045B07A7DBCA7874087D15' +
    '10EA9FCC9DDD330507DD62DB88AEAA747DE0F4D6E2BD68B0E7393E0F24218EB3' },
  { name: 'nginx 1024-bit prime', bits: 1024,
    source: 'nmap ssl-dh-params.nse, cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'BBBC2DCAD84674907C43FCF580E9CFDBD958A3F568B42D4B08EED4EB0FB3504C' +
    '6C030276E710800C5CCBBAA8922614C5BEECA565A5FDF1D287A2BC049BE67780' +
    '60E91A92A757E3048F68B076F7D36CC8F29BA5DF81DC2CA725ECE66270CC9A50' +
    '35D8CECEEF9EA0274A63AB1E58FAFD4988D0F65D146757DA071DF045CFE16B9B' },
  { name: 'OpenSSL built-in 512-bit prime', bits: 512,
    source: 'old OpenSSL built-in sample DH parameters; nmap ssl-dh-params.nse, cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'DA583C16D9852289D0E4AF756F4CCA92DD4BE533B804FB0FED94EF9C8A4403ED' +
    '574650D36999DB29D776276BA2D3D412E218F4DD1E084CF6D8003E7C4774E833' },
  { name: 'OpenSSL built-in 1024-bit prime', bits: 1024,
    source: 'old OpenSSL built-in sample DH parameters; nmap ssl-dh-params.nse',
    hex:
    '97F64261CAB505DD2828E13F1D68B6D3DBD0F313047F40E856DA58CB13B8A1BF' +
    '2B783A4C6D59D5F92AFC6CFF3D693F78B23D4F3160A9502E3EFAF7AB5E1AD5A6' +
    '5E554313828DA83B9FF2D941DEE95689FADAEA0936ADDF1971FE635B20AF4703' +
    '64603C2DE059F54B650AD8FA0CF70121C74799D7587132BE9B999BB9B787E8AB' },
  { name: 'Java (Sun JDK) 512-bit DSA group', bits: 512,
    source: 'Sun JDK sun.security.provider.ParameterCache, the default Java DH group of that size; nmap ssl-dh-params.nse, cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'FCA682CE8E12CABA26EFCCF7110E526DB078B05EDECBCD1EB4A208F3AE1617AE' +
    '01F35B91A47E6DF63413C5E12ED0899BCD132ACD50D99151BDC43EE737592E17' },
  { name: 'Java (Sun JDK) 768-bit DSA group', bits: 768,
    source: 'Sun JDK sun.security.provider.ParameterCache, the default Java DH group of that size; nmap ssl-dh-params.nse, cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'E9E642599D355F37C97FFD3567120B8E25C9CD43E927B3A9670FBEC5D8901419' +
    '22D2C3B3AD2480093799869D1E846AAB49FAB0AD26D2CE6A22219D470BCE7D77' +
    '7D4A21FBE9C270B57F607002F3CEF8393694CF45EE3688C11A8C56AB127A3DAF' },
  { name: 'Java (Sun JDK) 1024-bit DSA group', bits: 1024,
    source: 'Sun JDK sun.security.provider.ParameterCache, the default Java DH group of that size; nmap ssl-dh-params.nse, cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'FD7F53811D75122952DF4A9C2EECE4E7F611B7523CEF4400C31E3F80B6512669' +
    '455D402251FB593D8D58FABFC5F5BA30F6CB9B556CD7813B801D346FF26660B7' +
    '6B9950A5A49F9FE8047B1022C24FBBA9D7FEB7C61BF83B57E7C6A8A6150F04FB' +
    '83F6D3C51EC3023554135A169132F675F3AE2B61D72AEFF22203199DD14801C7' },
  { name: 'HAProxy built-in 1024-bit prime #1', bits: 1024,
    source: 'HAProxy src/ssl_sock.c built-in DH parameters; also among the weakdh.org most used 1024-bit primes; cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    '92402435C3A12E44D3730D8E78CADFA78E2F5B51A956BFF4DB8E56523E9695E6' +
    '3E32506CFEB912F2A77D22E71BB54C8680893B82AD1BCF337F7F7796D3FB9681' +
    '81D9BA1F7034ABFB1F97B3104CF3203F663E81990B7E090F6C4C5EE1A0E57EC1' +
    '74D3E84AD9E72E6AC7DA6AEA12DF297C131854FBF21AC4E879C23BBC60B4F753' },
  { name: 'HAProxy built-in 1024-bit prime #2', bits: 1024,
    source: 'HAProxy src/ssl_sock.c built-in DH parameters; cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'FAF92A222AA77FE1674E53F75613C3B1E3296B66316A7FB3C2686BCB1D57391D' +
    '1FFF1CC9A6A49882315D25FF8AE0739681C88379C15A04F8370DA83DAE74BCDB' +
    'B6A475D9718AA0179E2DC8A8DF2C5F8295F8929BA7335F8971C82D6B1886C494' +
    '22A5528DF6F6D237920FA5CCDB7B1D3DA131B7808F0B675E36A5600CF195338B' },
  { name: 'weakdh.org common 1024-bit prime (not a safe prime)', bits: 1024,
    source: 'among the most used 1024-bit primes in the Logjam study (Adrian et al., CCS 2015, weakdh.org); nmap ssl-dh-params.nse',
    hex:
    'D6C094AD57F5374F68D58C7B096872D945CEE1F82664E0594421E1D5E3C8E98B' +
    'C3F0A6AF8F92F19E3FEF9337B99B9C93A055D55A96E425734005A68ED47040FD' +
    'F00A55936EBA4B93F64CBA1A004E4513611C9B217438A703A2060C2038D0CFAA' +
    'FFBBA48FB9DAC4B2450DC58CB0320A0317E2A31B44A02787C657FB0C0CBEC11D' },
  { name: 'weakdh.org common 1024-bit prime #1', bits: 1024,
    source: 'among the most used 1024-bit primes in the Logjam study (Adrian et al., CCS 2015, weakdh.org); nmap ssl-dh-params.nse',
    hex:
    'C9BBF5F774A8297B0F97CDDA3A3468C7117B6BF799A13D9F1F5DAC487B2241FE' +
    '95EFB13C2855DFD2F898B3F99188E24EDF326DD68C76CC85537283512D46F195' +
    '3129C693364D8C71202EABB3EBC85C1DF53907FBD0B7EB490AD0BC9928968680' +
    '0C46AB04BF7CDD9AD425E6FB25592EB6258A0655D75E93B2671746AE349E721B' },
  { name: 'weakdh.org common 1024-bit prime #2', bits: 1024,
    source: 'among the most used 1024-bit primes in the Logjam study (Adrian et al., CCS 2015, weakdh.org); nmap ssl-dh-params.nse',
    hex:
    '829FEBFCE3EE0434862D3364A62BDE7B65F0C74A3A53B555291414FCAE5E86D7' +
    '34B16DBDCC952B1C5EB443B154B3B46662E811E11D8BC73134018A5EA7B5B6A9' +
    '720D84BC28B74822C5AF24C904E5BB5ADABF8FF2A5ED7B456688D6CAB82F8AF0' +
    '188A456C3ED62D2FEACF6BD3FD47337D884DFA09F0A3D69675E35806E3AE9593' },
  { name: 'weakdh.org common 1024-bit prime #3', bits: 1024,
    source: 'among the most used 1024-bit primes in the Logjam study (Adrian et al., CCS 2015, weakdh.org); nmap ssl-dh-params.nse',
    hex:
    'A9A34811446C7B69A29FF9997C2181ECFAAAD139CCDE2455755D42F42E700AFD' +
    '86779D548A7C07CA5DE4233261117D0A5773F2459C331AF1A1B08EF8360A14DE' +
    '4046F27462DA36AA47D9FDE292B8815D598C3A9C546E7ED395D22EC39119F5B9' +
    '22CC41B30AF220FF47BDE1B88334AD2981DDC5ED923F11C3DDD3B22C949DC41B' },
  { name: 'weakdh.org common 1024-bit prime #4', bits: 1024,
    source: 'among the most used 1024-bit primes in the Logjam study (Adrian et al., CCS 2015, weakdh.org); nmap ssl-dh-params.nse',
    hex:
    'CA6B85646DC217657605DACFE801FAD7598453834AF126C8CC765E0F81014F24' +
    '93546AB7DDE5C677C32D5B0605B1BBFA4C5DBFA3253ADB33205B7D8C67DF98C4' +
    'BCE81C7813F9FC2615F1C332F953AB39CE8B7FE7E3951FB73131407F4D5489B6' +
    'B17C68759A2EAF8B195A8DE80A165E4EB7520774B167A00FA5629FDC5A9A25F3' },
  { name: 'weakdh.org common 1024-bit prime #5', bits: 1024,
    source: 'among the most used 1024-bit primes in the Logjam study (Adrian et al., CCS 2015, weakdh.org); nmap ssl-dh-params.nse',
    hex:
    'EB373E94AB618DF820D233ED93E3EBCB319BDAC20994C1DF003986A79FAFFF76' +
    '54151CC9E064131492698B47496F5FDCFAF12892679D8BC31580D7D41CD83F81' +
    '529C79513D58EC672E0E87FCD008C137E3E5861AB2D3A02F4D372CEE4F220FEB' +
    '2C9039AC997664A7EBB754446AA69EB3E0EF3C60F91C26392B54EC35A970A7BB' },
  { name: 'weakdh.org common 1024-bit prime #6', bits: 1024,
    source: 'among the most used 1024-bit primes in the Logjam study (Adrian et al., CCS 2015, weakdh.org); nmap ssl-dh-params.nse',
    hex:
    '80A68ADC5327E05CAAD07C4464B8ADEA908432AF9651B237F47A7A8BF84D568F' +
    'DFDAFAB06621C0C428450F1C55F7D4A8ECE383F27D6055ADDF60C4B837DCC1E3' +
    'B8374E379951792939FDC3BBB4285112C8B4A9F6FCE4DD53AA23F99E2647C394' +
    'CE4D8BB82E773F41EB786CE84CD0C3DD4C31D755D1CF9E9B70C45EE28ECDABAB' },
  { name: 'weakdh.org common 1024-bit prime #7', bits: 1024,
    source: 'among the most used 1024-bit primes in the Logjam study (Adrian et al., CCS 2015, weakdh.org); nmap ssl-dh-params.nse',
    hex:
    'C0EB5F3A4CB30A9FFE3786E84C03814169B520305AD49F54EFD8CAAC31A69B29' +
    '73CC9F57B4B8F80D2C5FB68B3913B6172042D2E5BD53381A5E597696C9E97BD6' +
    '488DB3395581320DDD4AF9CDE4A4EBE29118C68828E5B39289C267280B4FDC25' +
    '10C288B2174D77EE0AAD9C1E17EA5ED37CF971B6B19A87118E529826591CA14B' },
  { name: 'weakdh.org common 1024-bit prime #8', bits: 1024,
    source: 'among the most used 1024-bit primes in the Logjam study (Adrian et al., CCS 2015, weakdh.org); nmap ssl-dh-params.nse',
    hex:
    '8FC0E1E20574D6AB3C76DDEA64524C2076446B6798E5B6BD2614F9669A5061D6' +
    '99034DB4819780EC8EE28A4E66B5C4E0A634E47BF9C981A5EC4908EE1B83A410' +
    '813165AC0AB6BDCFD3257188AC49399D541C16F2960F9D64B9C51EC085AD0BB4' +
    'FE38901318F0CD6165D4B1B31C723953B83217F8B3EBF8708160E82D7911754B' },
  { name: 'Cisco IronPort SMTPD built-in 1024-bit prime', bits: 1024,
    source: 'nmap ssl-dh-params.nse',
    hex:
    'F8D5CCE87A3961B5F5CBC83440C51856E0E6FA6D5AB2831078C867621CA46CA8' +
    '7D7FA3B1AF75B8343C699374D36920F2E39A653DE8F0725AA6E2D2977537558C' +
    'E27E784F4B549BEFB558927BA30C8BD81DACDCAE93027B5DCE1BC17670AF7DEC' +
    'E81149ABD7D632D9B80A6397CEBCC7A9619CCF38288EA3D523287743B04E6FB3' },
  { name: 'SKIP 1024-bit prime (Sun SKIP)', bits: 1024,
    source: 'cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'F488FD584E49DBCD20B49DE49107366B336C380D451D0F7C88B31C7C5B2D8EF6' +
    'F3C923C043F0A55B188D8EBB558CB85D38D334FD7C175743A31D186CDE33212C' +
    'B52AFF3CE1B1294018118D7C84A70A72D686C40319C807297ACA950CD9969FAB' +
    'D00A509B0246D3083D66A45D419F9C7CBD894B221926BAABA25EC355E92F78C7' },
  { name: 'Postfix built-in 512-bit prime (older releases) #1', bits: 512,
    source: 'Postfix DH parameters of older releases (src/tls/tls_dh.c built-ins and their packaged variants); cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'D8BF11D6412A7A9C78B2AA41230ADCCFB719C5164CCB4AD0D21F1F7024866F51' +
    '52C65B28BB82E124913D4D9556F80B2CE036678864151F45D5B80A000376320B' },
  { name: 'Postfix built-in 512-bit prime (older releases) #2', bits: 512,
    source: 'Postfix DH parameters of older releases (src/tls/tls_dh.c built-ins and their packaged variants); cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    '883F00AFFC0C8AB835CDE5C20F55DF063F1607BFCE1335E41C1E03F3AB17F663' +
    '5063673E10D73EB4EB468C4050E691A56E0145DEC9B11F6454FAD9AB4F70BA5B' },
  { name: 'Postfix built-in 512-bit prime (older releases) #3', bits: 512,
    source: 'Postfix DH parameters of older releases (src/tls/tls_dh.c built-ins and their packaged variants); cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'C0C5238D3AB3A36357C0D3FED4C28F170E7ADB8E3BB6A5C2607DE703CCA310CC' +
    '82393C68A0829C7A4A968CB01AB4B8A09E649D40778A9C9796693DCAA825AEAB' },
  { name: 'Postfix built-in 512-bit prime (older releases) #4', bits: 512,
    source: 'Postfix DH parameters of older releases (src/tls/tls_dh.c built-ins and their packaged variants); cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'FEA8F1859A1369453464B5ACBE67E5759061249D865BC61EB392D0168EA79E58' +
    '918E3306C4EC456E0165B423EA35324083920E8CB4EDCD14B8AC321F4D2558EB' },
  { name: 'Postfix built-in 512-bit prime (older releases) #5', bits: 512,
    source: 'Postfix DH parameters of older releases (src/tls/tls_dh.c built-ins and their packaged variants); cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'BA55C07CF9615E173FC742793FBD7ADEA33C5DA6934163880DF2B7738AD8D30E' +
    '9A4F06CC3353864BFE10527B50AB9AEE2E4EDA4F37155503E83717207F19F513' },
  { name: 'Postfix built-in 768-bit prime (older releases) #1', bits: 768,
    source: 'Postfix DH parameters of older releases (src/tls/tls_dh.c built-ins and their packaged variants); cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'B39574CE0BFDABC3539B0BFD6EB2646402DDFF2E77EB0D6CCE042C8E5AA79645' +
    '54A62FBCF9771C50668E48A834F081DD5B5AD4A6138960460565572C1E94573C' +
    '3E38A6FE7B037D1646F6B3213C44F1F190CE40934BE6D60E2085DA9B3F5C1FDB' },
  { name: 'Postfix built-in 768-bit prime (older releases) #2', bits: 768,
    source: 'Postfix DH parameters of older releases (src/tls/tls_dh.c built-ins and their packaged variants); cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'FCE8B1997D2D4D36432DBB8BBED50895DF79A18EDAC1963BFEDD3B684CC2EE95' +
    '6808533D2AC58745B62B0222C73FDBD58F3819F89BC8718F9EF1E038E4298798' +
    '9C0DA9A311F13C5FDE4190B60147B33D1AE1935652273F37DFB0C0BEAEA9BF63' },
  { name: 'Postfix built-in 768-bit prime (older releases) #3', bits: 768,
    source: 'Postfix DH parameters of older releases (src/tls/tls_dh.c built-ins and their packaged variants); cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'E11229EC71066EB863269B3A182EE3476C0F2B6660E29598C1F116AC189D4CA3' +
    'C9279FDB452ED4461D5C7023151AC644207AA032D858D0173D99F615376B5742' +
    '81BDD512044F0D7A8C496F2DE14B15AC737F00CAACCC80FF3D96FE553A7EF68B' },
  { name: 'Postfix built-in 1024-bit prime (older releases) #1', bits: 1024,
    source: 'Postfix DH parameters of older releases (src/tls/tls_dh.c built-ins and their packaged variants); cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'B0FEB4CFD45507E7CC88590D1726C50CA54A92238178DA88AA4C1306BF5D2F9E' +
    'BC96B851009D0C0D75ADFD3BB17E714F3F91541444B830251CEBDF729C4CF189' +
    '0D683F948EA4FB768918B29116900199668C53814E273D99E75A7AAFD5ECE27E' +
    'FAED0118C2782559065C39F6CD4954AFC1B1EA4AF953D0DF6DAFD493E7BAAE9B' },
  { name: 'Postfix built-in 1024-bit prime (older releases) #2', bits: 1024,
    source: 'Postfix DH parameters of older releases (src/tls/tls_dh.c built-ins and their packaged variants); cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'C1D89C90B1587CE15670D7616C00E6E799049F86D9B411092318AA19CA497CA8' +
    '9DF7433AAFC31F0EAEBBF2EA5B62A15F7C26A8B45D2A25AB88702706D0F501D9' +
    '6A1F482D9CECFEA845971DC08AFFE5E179DF8531FC589135E8C7DA557BAADDC2' +
    '0A9434F7B44A913B1E16892A04475DE942475E3061E842C123C7977863369D3B' },
  { name: 'Postfix built-in 1024-bit prime (older releases) #3', bits: 1024,
    source: 'Postfix DH parameters of older releases (src/tls/tls_dh.c built-ins and their packaged variants); cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'CDF874A8BA04FDBB806F43382B9307A51EF2E2D8DADE0AF257B4C35C886BB6B9' +
    'F2F0270EAD42477B253087302B8473DA9BFB332AC883D1DA7F9978914331E30A' +
    'F4391C4205EB052EA14F5418DB2FEC01F267C99980BDCEAF35D36ACB5207C3C0' +
    '7548D1D5BD93064F4E2409D105CF2373A2608C8247CBEF79B548FCA8DBE4872F' },
  { name: 'Postfix built-in 1024-bit prime (older releases) #4', bits: 1024,
    source: 'Postfix DH parameters of older releases (src/tls/tls_dh.c built-ins and their packaged variants); cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'F2D063DA3BA3AC03014396E0E62AF82A7D8F4727376AA091D0834133071DDAA8' +
    'B5B17B4E262FDE2B8F6BA42ED56C0DC95A1AF64EEFCB37D6ED9C6F2CB0A1501B' +
    'D3159D600402A5569BE1ABF5E65872F05D8E10FDAB82AC78D18FA54D0B70FAB0' +
    '3EBCBE23B40AA7FCC968C11B07625E45BAB4C36ECF588F4B8FCA643D3D409AC3' },
  { name: 'ProFTPD mod_tls 1024-bit prime #1', bits: 1024,
    source: 'ProFTPD contrib/mod_tls dhparams; cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'BD6494A6FB1D1A7CC5DE50FDB83C577670A94837207B58B7C5A3DE09D6AAF358' +
    'A16BDF9B6F44ED74DD42EC68EA06EA10B0618EF1E364BDCB45CBE81BE7E45EFB' +
    '678B9016FF7708994D95D4D3AEEABE86A994CF99B331D12FF65CDD1F8A3E6410' +
    'BB1737419684C9DDFBFFF7B1E836AB1A9E483BEE00FA3AB3998FFE2EB59C814B' },
  { name: 'ProFTPD mod_tls 1024-bit prime #2', bits: 1024,
    source: 'ProFTPD contrib/mod_tls dhparams; cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    '94E298D77CFE0794EC48729CCE370E07EC2B5EA8245ECD65621451D45CEF4E1E' +
    '2B06826AA1182B2633680ECD3014D3F071292C7BE604AECA3B363D9E7EC9E0FA' +
    '3E63C1E8579514A65DB75ADC1E3DC79A4D9D92EE80E45E72F224B2BDA0040E3A' +
    'C25E367BD2612B3D936EB730FA075B287AED5A804D6C2BB271F46225DD514E0B' },
  { name: 'ProFTPD mod_tls 1024-bit prime #3', bits: 1024,
    source: 'ProFTPD contrib/mod_tls dhparams; cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'AF545926CBFB78D5D923EF136F1D2B5D44BDD8BDF35DEF7D3578F534B5C42191' +
    '8473102859A908740F1886BF91BACE34E909ED66D15501EEA213772BA5CECC10' +
    'E5BC12F1E7DA4E2F9296134297E72E6D8826E992CC89EA39CBF38CA2F79BBFCC' +
    '7896422F5E01B148F0AE34B11ECA0B4617AB582A0535B4E28E034FAEF8E8BAA3' },
  { name: 'ProFTPD mod_tls 1024-bit prime #4', bits: 1024,
    source: 'ProFTPD contrib/mod_tls dhparams; cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    '95511C35DC6B9CCB3A252D97C7420F9E88A08969A4FEA3985D9601E135D466A9' +
    '472F484FB2E17594E52AED5907FBE704BDEC46C46392C82FEE0587E59AA8E245' +
    '569AC0C3A84AD65B46FBCFB5A9BCFDCAA52E673181A74FCE829C6573136FE43A' +
    'D76DBA5F900214C3CDD6E6FA41E18C7A07E4E5F4493B68D06076B976C791607B' },
  { name: 'ProFTPD mod_tls 1024-bit prime #5', bits: 1024,
    source: 'ProFTPD contrib/mod_tls dhparams; cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    '9E5FA306E022C6A31E3B641E271FD44A4B3FF3A86287B11875AF28407D29DA17' +
    '34A4935E649871A80F826DDAC70B69EC26E6A7370D8A973C31F20C404A33930B' +
    '2FB32FE1E5F8152317DE2AF3DA03DA00F0F0B067C90857369FBE45713D646EF8' +
    '0CDDD08F8350B26E13006A503778709135590D8114875A1F99F3ED7D804CF78F' },
  { name: 'ProFTPD mod_tls 1024-bit prime #6', bits: 1024,
    source: 'ProFTPD contrib/mod_tls dhparams; cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'D5F57E06FE35B84FFC1D5405BD8AE6E8F5FB6E8B5E2DFE9E0D9245440988D413' +
    'D763A1CC43E72220951775536C58E6A7D81DF11789340333226492D57570F623' +
    '180A5B11C6472DCA0A6B61ED288BE5B1F316F5B006899A7C503B3E29C0A05B6B' +
    '3DBFA70CA45644983BEFF715C81BD7BE8515BC1DCCCF627172DBE4892980AA43' },
  { name: 'ProFTPD mod_tls 1024-bit prime #7', bits: 1024,
    source: 'ProFTPD contrib/mod_tls dhparams; cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'B6EF38C892CE4503C6BA44D2FD79D00D7E862F51D3149BC24DA7C86047CE77D9' +
    'B6F8B7A6B256219C12E563D3648F5009408621F1ADF317D5AF3CF37E6AEE1055' +
    '192BD4F3DBB991FBB74F89EB77739D6788F20EAC195409E4C12B3FEEAC824C79' +
    '472851C0D26C879A8C0C8B7F0916BCB3F8E22FE7EDF0D6F6BB2ECDE7FA12AF9B' },
  { name: 'ProFTPD mod_tls 1024-bit prime #8', bits: 1024,
    source: 'ProFTPD contrib/mod_tls dhparams; cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'CE61A70D12181D0B1C2D213770A9DABC2744F42D82FCB06A3D49BB7A1DCECC0B' +
    '6B162B8AA40E0C1087A6CCB04A98B958053647F5942135B95562C7948EC7A422' +
    '703571BDB3D1A61D37A5086BC111DFDCEB78C994BE958F239E336396F910CE36' +
    '83454D75D53263DACAE52ADEF7D614F19C491660E4223E7785E66B87913D1C5B' },
  { name: 'ProFTPD mod_tls 1024-bit prime #9', bits: 1024,
    source: 'ProFTPD contrib/mod_tls dhparams; cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'A3FF1D74997F73DBA5CCEB977B6F2FD2F983EBD6B280505850343E0957FD1515' +
    'EF077F86089175C24631792D0489010F1B5D29933924ABBC77DF5EE4B99BC3AA' +
    '6E96E2C5D6503C649FE57088688E70D6419F1B1415F1D8327D0E90CC317FE1B5' +
    '1F2EF9C9CFC5E283C368272A3B8DDFD2AEFB521D04B61297D8AEE0613093DAC3' },
  { name: 'ProFTPD mod_tls 1024-bit prime #10', bits: 1024,
    source: 'ProFTPD contrib/mod_tls dhparams; cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'C2CE23875BBA6D7A773DC256E7DBB59FFDD240BDD90125454DB27C4C10771B2E' +
    '7E471877EB843E07F1BC3D0F08C742976CC01DF32332D182ADBFBCA5388ED9E6' +
    '82FF8FF077ACF42D47226B0668FDD484DE7ED2F83E75647D4820DD4ECAF22130' +
    'C06AF83CAE8C1EADF63525AE95EB89775CBE6BFBF11F37B93E93C30845B515E7' },
  { name: 'ProFTPD mod_tls 1024-bit prime #11', bits: 1024,
    source: 'ProFTPD contrib/mod_tls dhparams; cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'EEE2FB92101E3B3AB478792D7030BC3DD75E0C7213A8FB7B52969A01C3160E86' +
    '784A365192EED3B66D627BBDB2BBE46B72AC9F374312AB5081993D0B5691329A' +
    '98A32D03169B551CD163CA1C9D230076DC48796B9C66A42CE05F8C830BED800E' +
    'B5363C2D0CF93F05B80396BDDDD5041AE79B79ACA11051CB6E8828101E0E2E63' },
  { name: 'ProFTPD mod_tls 1024-bit prime #12', bits: 1024,
    source: 'ProFTPD contrib/mod_tls dhparams; cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    '8065E091287FE21C512FE3F8F9E499E60D2D4B46C22FCFAD0E31BF94375746A2' +
    'CBFA88397F3260520083006275AA2A3E41B40800183BDA3C82F1611DF24777C0' +
    '76F7A998C9B4874862361BA4D53F7C5D658366A86D6502A77F56A9A3F82BE691' +
    '8B2069C0D50FA3FCC8E2EB17A83305BF4FC5534E16A3E1357FF4C8E5C1AFA613' },
  { name: 'LibTomCrypt 784-bit prime', bits: 784,
    source: 'LibTomCrypt built-in DH groups; cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' +
    'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' +
    'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00F' +
    'AE5F' },
  { name: 'socat built-in 1024-bit modulus (not even prime)', bits: 1024,
    source: 'socat xio-openssl.c built-in DH parameters before 1.7.3.1; cryptosense/diffie-hellman-groups gen/common.json',
    hex:
    'CC17F2DC96DF59A446C53E0EB826550CE388C1CEA7BCB3BF1694D8A945A2CEA9' +
    '5B22255F9259941C22BFCBC8C857CBBFBC0EE840F98703BF609B08C68E99C605' +
    'FC00D66D90A8F5F8D38D43C88F7ABDBB28AC04694A0B867337F06D4F04F6F5AF' +
    'BFAB8ECE75534D7F7D17780E12464AAF9599EFBCA6C54177437AB9EC8E073C6D' },
];

/** Built on first use: most scans meet no DHE at all. */
let byHex: ReadonlyMap<string, SharedDhPrime> | null = null;

/** Big-endian bytes as upper-case hex without leading zero bytes (as the table writes them). */
export function primeHex(p: Uint8Array): string {
  let i = 0;
  while (i < p.length && p[i] === 0) i++;
  return Buffer.from(p.subarray(i)).toString('hex').toUpperCase();
}

/** Bit length of a big-endian number. */
export function primeBits(p: Uint8Array): number {
  let i = 0;
  while (i < p.length && p[i] === 0) i++;
  const top = p[i];
  return top === undefined ? 0 : (p.length - i - 1) * 8 + (32 - Math.clz32(top));
}

/** The shared prime of at most 1024 bits that p is, or null. */
export function sharedDhPrime(p: Uint8Array): SharedDhPrime | null {
  byHex ??= new Map(SHARED_DH_PRIMES.map((s) => [s.hex, s]));
  return byHex.get(primeHex(p)) ?? null;
}
