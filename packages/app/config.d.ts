export interface Config {
  runway?: {
    signIn?: {
      /**
       * Sign-in methods offered on the sign-in page, in order: `guest`
       * (development only) and/or `oidc` (AWS Cognito). Defaults to `guest`.
       * @visibility frontend
       */
      providers?: string[];
    };
  };
}
