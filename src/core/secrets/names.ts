// Files that hold credentials by what they are, whatever they contain today: key stores,
// certificates with keys, cloud and registry credentials, Terraform variables and state,
// kubeconfigs and Kubernetes secrets, service-account and OAuth client files.

/** File names (case-insensitive; `*` = any characters). */
const SECRET_NAMES = [
  '.env', '.env.*', '*.env', '.envrc', '*.pem', '*.key', '*.p8', '*.p12', '*.pfx', '*.keystore', '*.jks', '*.bks',
  '*.kdbx', '*.gpg', '*.pgp', '*.ppk', '*.ovpn', '*.mobileprovision', '*.keychain', '*.keychain-db',
  'id_rsa*', 'id_dsa*', 'id_ecdsa*', 'id_ed25519*', '*_rsa', '*_ed25519', 'known_hosts', 'authorized_keys',
  '.npmrc', '.yarnrc', '.yarnrc.yml', '.pypirc', '.gem/credentials', '.netrc', '_netrc', '.pgpass', '.my.cnf',
  '.git-credentials', '.htpasswd', '.dockercfg', '.s3cfg', '.boto', '.vault-token', '.terraformrc', 'terraform.rc',
  'credentials', 'credentials.*', '*credentials*.json', '*-credentials.*', 'client_secret*.json', 'client-secret*.json',
  'service-account*.json', 'service_account*.json', 'serviceaccount*.json', '*serviceaccountkey*.json', '*-sa-key*.json',
  'application_default_credentials.json', 'google-services.json', 'GoogleService-Info.plist', 'firebase-adminsdk*.json',
  'kubeconfig', 'kubeconfig.*', '*.kubeconfig', 'secret.*', 'secrets.*', '*-secret.y*ml', '*-secrets.y*ml', 'sealed-secret*',
  '*.secret', '*.secrets', '*.tfvars', '*.tfvars.json', '*.tfstate', '*.tfstate.*', '*.auto.tfvars',
  'wp-config.php', 'local.settings.json', 'appsettings.*.json', 'secrets.json', 'master.key', 'credentials.yml.enc',
];

/** Every file below one of these directories may hold keys. */
const SECRET_DIRS = ['.ssh', '.gnupg', '.aws', '.docker', '.kube', '.azure', '.gcloud', '.config/gcloud', '.terraform.d', '.gem'];

const escape = (s: string) => s.replace(/[.+^$(){}|[\]\\?]/g, '\\$&');
const NAME_RE = new RegExp(`^(?:${SECRET_NAMES.filter((n) => !n.includes('/')).map((n) => escape(n).replace(/\*/g, '.*')).join('|')})$`, 'i');
const PATH_RE = new RegExp(`(?:^|/)(?:${SECRET_NAMES.filter((n) => n.includes('/')).map(escape).join('|')})$`, 'i');
const DIR_RE = new RegExp(`(?:^|/)(?:${SECRET_DIRS.map(escape).join('|')})/`, 'i');

/** Whether a path ('/' or '\' separated) names a file that holds credentials by its kind. */
export function secretFileName(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  const name = p.slice(p.lastIndexOf('/') + 1);
  return NAME_RE.test(name) || PATH_RE.test(p) || DIR_RE.test(p);
}
