"""French, as written in Canada (and France): the words of job-application mail."""

from afterview.parsers.facts import Kind
from afterview.parsers.languages import AbsenceWords, Language, cues

_CANDIDATURE = r"(?:candidature|cv|curriculum)"
_ENTREVUE = r"(?:entrevue|entretien|rencontre|appel|échange|conversation|rendez-vous)"

CUES = (
    *cues(
        Kind.APPLICATION_RECEIVED,
        2.5,
        "any",
        merci_postule=r"\bmerci (?:d'avoir postulé|d'avoir (?:soumis|envoyé|déposé) (?:votre|ta) candidature|de (?:votre|ta) (?:candidature|intérêt|postulation)|pour (?:votre|ta) candidature)",
        bien_recu=r"\b(?:avons|a) bien reçu (?:votre|ta) " + _CANDIDATURE,
        accusons=r"\baccusons (?:bonne )?réception de (?:votre|ta) " + _CANDIDATURE,
        accuse=r"\baccusé de réception\b",
        # "Votre candidature a bien été reçue", "nous vous remercions d'avoir postulé".
        candidature_a_ete_recue=r"\b(?:votre|ta) candidature (?:a|a bien|a déjà) été (?:bien )?(?:reçue|soumise|transmise|enregistrée)\b|\bremercions? (?:d'avoir postulé|d'avoir (?:soumis|envoyé|déposé) (?:votre|ta) candidature)",
        candidature_recue=r"\bcandidature (?:reçue|bien reçue|soumise|envoyée)\b|\bconfirm(?:ons|e|ation de) (?:la )?réception de (?:votre|ta) candidature\b|\bconfirmation de (?:candidature|réception)\b",
    ),
    *cues(
        Kind.APPLICATION_RECEIVED,
        1.0,
        "body",
        examinerons=r"\b(?:nous|notre équipe) (?:examinerons|étudierons|analyserons|allons examiner|allons étudier)\b",
        si_retenu=r"\b(?:si (?:votre|ton) (?:profil|candidature) (?:correspond|est retenu)|seules les personnes retenues)",
    ),
    *cues(
        Kind.INTERVIEW_INVITATION,
        2.5,
        "any",
        inviter=r"\b(?:aimerions|souhaiterions|voudrions|serions heureux de|aimerais) (?:vous |te )?(?:inviter|rencontrer|planifier|fixer|organiser)\b|\b(?:plaisir|heureux|heureuse|heureuses|ravie?s?|contente?s?) de (?:vous|te) (?:inviter|convier)\b",
        planifier=r"\bplanifie[rz] (?:mon|votre|ton|une|l') ?(?:entrevue|entretien|rencontre|appel)\b",
        invitation_entrevue=r"\binvitation (?:à une |à un |en )?" + _ENTREVUE,
        choisir_plage=r"\b(?:choisir|sélectionner|réserver|choisissez|sélectionnez|réservez) (?:une|votre|un|le|la) (?:plage|créneau|moment|heure|horaire)",
        disponible_pour=r"\b(?:seriez-vous|serais-tu|êtes-vous|es-tu) disponibles?\b[^.?!]{0,60}?\bpour (?:une|un) (?:[\w-]+ )?"
        + _ENTREVUE,
        quelles_plages=r"\bquel(?:le)?s? (?:plages?|moments?|créneaux|journées?|jours?|heures?) (?:vous|te) (?:convien|conviendr|arrang)\w*",
        disponibilites=r"\b(?:vos|tes) disponibilités\b|\b(?:plages|moments|créneaux) qui (?:vous|te) conviennent\b",
    ),
    *cues(
        Kind.INTERVIEW_CONFIRMATION,
        3.0,
        "subject",
        # "Confirmation de candidature" confirms an application, not an interview.
        confirme_sujet=r"^(?:confirmé|confirmée|confirmation(?! de (?:candidature|réception))|invitation|reporté|replanifié)\b|^mise? à jour\W+(?:de (?:l'|votre )?)?(?:invitation|entrevue|entretien|rencontre|événement|réunion)\b",
        entrevue_confirmee=r"\b(?:entrevue|entretien|rencontre) (?:confirmée|confirmé|planifiée|prévue|fixée|déplacée|reportée)\b",
    ),
    *cues(
        Kind.INTERVIEW_CONFIRMATION,
        2.5,
        "body",
        est_confirmee=r"\b(?:entrevue|entretien|rencontre|appel) (?:est|a été) (?:bien )?(?:confirmée?|planifiée?|prévue?|fixée?|déplacée?|reportée?)\b",
        confirmer=r"\b(?:je vous confirme|nous vous confirmons|pour confirmer|confirmation de) (?:votre|notre|l'|la|le)\b",
        rencontrons=r"\b(?:rencontrons-nous|on se rencontre|on se parle|nous nous verrons) (?:le|à|lundi|mardi|mercredi|jeudi|vendredi|demain)\b",
        est_prevu_pour=r"\b(?:entrevue|rendez-vous|appel|rencontre)\b.{0,80}\b(?:est|a été) (?:prévue?|planifiée?|confirmée?) (?:pour|le)\b",
        au_plaisir=r"\b(?:au plaisir de vous (?:rencontrer|parler)|hâte de vous (?:rencontrer|parler))\b",
        horaire=r"\b(?:voici|ci-dessous|trouverez) (?:votre|l'|le) (?:horaire|itinéraire|programme|déroulement)(?: de (?:votre|l')entrevue)?\b",
        vous_rencontrerez=r"\bvous (?:rencontrerez|allez rencontrer|discuterez avec|serez reçue? par)\b",
    ),
    *cues(
        Kind.INTERVIEW_CONFIRMATION,
        1.5,
        "body",
        lien_reunion=r"\b(?:lien (?:de (?:la )?réunion|teams|zoom)|rejoindre la réunion|participer à la réunion)\b",
    ),
    *cues(
        Kind.INTERVIEW_CANCELLED,
        4.0,
        "any",
        annulee=r"\b(?:entrevue|entretien|rencontre|appel|réunion|événement|rendez-vous)\b.{0,30}\b(?:est |a été )?annulée?\b",
        annule_sujet=r"^(?:annulé|annulée|annulation)\b",
        devons_annuler=r"\b(?:devons|dois|avons dû|ai dû) annuler\b",
    ),
    *cues(
        Kind.ASSESSMENT,
        3.0,
        "any",
        evaluation=r"\b(?:évaluation|test|exercice|défi) (?:technique|en ligne|pratique|de compétences|de programmation)\b",
        travail_maison=r"\b(?:travail|exercice|devoir) (?:à (?:la )?maison|à réaliser)\b",
        etude_de_cas=r"\bétude de cas\b",
        mise_en_situation=r"\b(?:une|la|votre|cette) mise en situation\b",
        plateformes=r"\b(?:hackerrank|codility|codesignal|testgorilla|hirevue)\b",
    ),
    *cues(
        Kind.REJECTION,
        4.0,
        "body",
        autres_candidats=r"\b(?:poursuivre|aller de l'avant|continuer) (?:le processus )?avec (?:d'autres|un autre|une autre) (?:candidat|personne|profil)|\bpoursuivre avec (?:une|un) (?:personne|candidate?|profil) (?:dont|qui)\b",
        pas_donner_suite=r"\bne (?:pas )?(?:pourrons|pouvons|allons|donnerons) (?:pas )?(?:donner suite|retenir|poursuivre)\b|\bne (?:donnerons|donnons|pourrons donner|pouvons donner) (?:donc )?pas suite\b|\bne (?:sommes|serons) pas en mesure de (?:donner suite|poursuivre|retenir|vous offrir)\b",
        pas_retenue=r"\b(?:n'a|n'avez|n'as) pas été (?:retenue?|sélectionnée?)\b",
        poste_comble=r"\bposte (?:a|est) (?:maintenant |déjà |finalement )?(?:été )?(?:comblé|pourvu|fermé)\b",
        # Those chosen, named by what they have: "avons retenu une candidature dont le profil
        # correspond davantage", "choisi de poursuivre avec des candidats dont l'expérience".
        candidats_dont=r"\b(?:retenu|choisi|sélectionné) (?:une|un) (?:autre )?(?:candidature|candidate?|personne|profil) (?:dont|qui)\b|\b(?:choisi|décidé) de (?:poursuivre|continuer|aller de l'avant)(?: le processus)? avec (?:des|les|d'autres) (?:candidat|personne|profil)",
        # "Nous avons arrêté notre choix sur une autre personne."
        choix_autre=r"\b(?:arrêté|porté|fixé) (?:notre|son|leur) choix sur (?:une autre|un autre|d'autres)\b",
        autre_candidature=r"\b(?:retenu|choisi|sélectionné|retenir|choisir|sélectionner) (?:une autre|un autre|d'autres) (?:candidature|candidat|profil)",
        pas_correspond=r"\bne correspond pas\b",
        pas_offrir=r"\b(?:ne (?:pouvons|pourrons) pas|avons décidé de ne pas) (?:vous offrir|vous proposer|aller de l'avant|poursuivre|retenir)\b|\bcandidature n'a pas été retenue\b",
        poursuivre_autres=r"\b(?:poursuivre|continuer|aller de l'avant) avec (?:d'autres|un autre|une autre) (?:candidat|candidature|personne|profil)",
        plus_loin=r"\bne pas (?:aller|poursuivre|continuer) plus loin\b|\bn'irons pas plus loin\b|\bne (?:pourrons|pouvons) (?:donc )?pas (?:aller|poursuivre|continuer) plus loin\b",
        pas_exigences=r"\bne (?:répond|rencontre|satisfait) pas (?:aux|à nos|nos) (?:exigences|critères|besoins)\b",
        pourvu_interne=r"\b(?:pourvoir|combler|comblé|pourvu) (?:ce|le) poste à l'interne\b|\bposte (?:a été )?(?:pourvu|comblé) à l'interne\b",
    ),
    *cues(Kind.REJECTION, 1.0, "body", malheureusement=r"\bmalheureusement\b"),
    # A polite formula, in cancellations too ("nous sommes au regret ... d'annuler"): weak alone.
    *cues(
        Kind.REJECTION,
        2.0,
        "body",
        regret=r"\b(?:avons le regret|regrettons de|sommes au regret)\b",
    ),
    *cues(
        Kind.REJECTION,
        1.5,
        "body",
        bonne_recherche=r"\b(?:bonne chance|bon succès|tout le succès|meilleur succès)\b.{0,40}\b(?:recherche|carrière|démarches|projets)\b",
    ),
    *cues(
        Kind.OFFER,
        4.0,
        "any",
        offre=r"\b(?:heureux|heureuse|ravis?|ravie|enchantés?|plaisir) (?:de |d')(?:vous |te )?(?:offrir|présenter|proposer|faire)\b.{0,30}\boffre\b",
        lettre_offre=r"\b(?:lettre d'offre|offre d'emploi officielle|offre formelle|offre écrite|promesse d'embauche)\b",
        votre_offre=r"\b(?:votre|ton|notre) offre (?:d'emploi|de)\b",
    ),
    *cues(
        Kind.EMPLOYER_REPLY,
        1.5,
        "body",
        en_cours=r"\b(?:toujours|encore) (?:en cours|à l'étude|en évaluation)\b",
        revenir=r"\b(?:vous revenir|revenir vers vous|vous reviendrons|vous tiendr(?:ons|ai) au courant|aurez de nos nouvelles|vous ferons signe)\b",
        decision=r"\b(?:décision|réponse|nouvelles) (?:d'ici|avant|au plus tard|dans les|d'ici la)\b",
        merci_suivi=r"\bmerci (?:pour|de) (?:votre|ton) (?:suivi|relance|patience|message|courriel)\b",
    ),
    *cues(
        Kind.EMPLOYER_REPLY,
        3.5,
        "body",
        evaluation_remise=r"\bmerci d'avoir (?:soumis|complété|remis|terminé|envoyé) (?:votre|ton|l'|le|la) (?:étude de cas|évaluation|exercice|test|travail|mise en situation)\b",
    ),
    *cues(
        Kind.AUTO_REPLY,
        3.0,
        "any",
        absent=r"\b(?:absente?|en vacances|en congé|hors du bureau|à l'extérieur du bureau)\b",
        reponse_automatique=r"^(?:réponse automatique|absence du bureau|message d'absence)\b",
        a_mon_retour=r"\b(?:à mon retour|dès mon retour|de retour le|de retour au bureau)\b",
        absent_jusqu=r"^\s*(?:absente?|en congé|en vacances)\s+(?:jusqu'au|jusqu'à)\b",
        acces_limite=r"\baccès (?:limité|restreint) (?:à mes|aux) courriels\b",
    ),
    *cues(
        Kind.BOUNCE,
        3.0,
        "subject",
        non_remis=r"^(?:non remis|échec de (?:la )?remise|message non remis|non distribuable)",
    ),
    *cues(
        Kind.UNRELATED,
        3.0,
        "any",
        offres_pour_vous=r"\b(?:nouvelles offres|offres d'emploi pour vous|alerte[- ]emploi|emplois recommandés|offres qui pourraient)\b",
        profil_remarque=r"\b(?:remarqué|vu|découvert|lu) (?:votre|ton)\b.{0,40}\b(?:profil|dépôt|conférence|article|github|linkedin)\b",
        recruteur=r"\b(?:je suis (?:recruteur|recruteuse|conseillère? en recrutement) (?:chez|pour)|je me permets de vous contacter|nous recrutons|on recrute)\b",
        mandat_client=r"\b(?:mon|notre) client (?:est à la recherche|cherche|recrute|souhaite recruter)\b",
        conseils=r"\b(?:conseils|astuces|infolettre|webinaire|comment (?:réussir|rebondir|négocier|préparer))\b",
        inscription_evenement=r"\b(?:réservez|réserver) votre place\b|\binscrivez-vous (?:dès maintenant|gratuitement|ici)\b|\b(?:séance|webinaire|atelier) gratuit\b",
        # "Reçu" the noun (a receipt), not "bien reçu votre candidature".
        recu_achat=r"\b(?:(?:un|le|votre|ton|du|ce) reçu|reçu (?:de paiement|d'achat|fiscal|officiel|de caisse)|votre commande|facture|votre billet)\b",
        consultee=r"\bvotre candidature a été consultée\b",
        # A friend's news: the writer is the one who interviewed ("mon entrevue s'est bien
        # passée", "ils vont me revenir").
        ma_propre_entrevue=r"\b(?:mon|ma) (?:entrevue|entretien|candidature)\b[^.!?]{0,20}\b(?:s'est|était|a été)\b|\bils? (?:vont|allaient|va|allait|devraient) me (?:revenir|rappeler|appeler|répondre|contacter)\b",
    ),
)

FRENCH = Language(
    code="fr",
    common_words=frozenset(
        "le la les des du de et vous votre nous notre pour avec dans est une un sur pas que qui "
        "merci bonjour au aux ce cette".split()
    ),
    cues=CUES,
    pitch=(
        r"\bje me permets de (?:vous|te) (?:écrire|contacter|joindre)\b",
        r"\b(?:vu|remarqué|découvert|consulté) (?:votre|ton) (?:parcours|profil|cv)\b",
        r"\b(?:votre|ton) (?:parcours|profil|expérience) (?:me semble|m'a|a retenu)\b",
        r"\b(?:nous ouvrons|on ouvre|nous recrutons|on recrute|nous sommes à la recherche)\b",
        r"\b(?:seriez-vous|serais-tu) (?:ouverte?|intéressée?|disponible)\b",
        r"\b(?:nouveau|nouvel) (?:poste|rôle|défi)\b|\bnouvelle opportunité\b",
        r"\b(?:pour|avec) (?:un|une|mon|notre) (?:[\w-]+ ){0,3}client(?:e)?\b",
        r"\bsi (?:c'est|ce serait|ça pourrait être) un bon (?:fit|match|arrimage)\b",
    ),
    networking=r"\b(?:entrevue (?:d'information|informationnelle)|rencontre (?:d'information|informelle|réseautage)|café[- ]rencontre|réseautage)\b",
    own_interview=r"\b(?:mon|ma) (?:[\w-]+ ){0,2}(?:entrevue|entretien)\b|\bj'ai (?:une|un|eu une|eu un|mon|passé mon|passé une) (?:[\w-]+ ){0,2}(?:entrevue|entretien)\b",
    not_for_a_job=r"\b(?:(?:entrevue|entretien|comité|demande|décision)s? d['\u2019]admission|demande de logement|logement (?:social|coopératif|abordable)|(?:entrevue|candidature|inscription) (?:de|comme) bénévole|entrevue de bénévolat|devenir bénévole)\b",
    sales_meeting=r"\b(?:démo(?:nstration)?(?: de (?:produit|la plateforme|notre plateforme))?|tarification|essai gratuit|directeur des comptes|succès client)\b",
    subscription=r"\b(?:se désabonner|désabonnement|désinscri\w*|gérer (?:mes|vos) (?:alertes|préférences|abonnements)|vous recevez ce courriel (?:parce que|car))\b",
    company_patterns=(
        r"\b(?:notre|mon) client,? (?P<company>[A-ZÀ-Ý][\w&'.\- ]{1,40}?)(?:[!.,:;)]|\s[-\u2013|(]|\s(?:est|a|aimerait|souhaite|veut|sera)\b|$)",
        r"(?:candidature|postulé|intérêt) (?:chez|à|pour|auprès de) (?P<company>[A-Z][\w&'.\- ]{1,40}?)(?:[!.,:;)]|\s[-\u2013|]|\s(?:pour|et|a|est)\b|$)",
        r"(?:[Ee]ntrevue|[Ee]ntretien|[Rr]encontre|[Oo]ffre) (?:avec|chez|de) (?P<company>[A-Z][\w&'.\- ]{1,40}?)(?:[!.,:;)]|\s[-\u2013|(@]|\s(?:pour|le|et)\b|$)",
        r"(?:poste|rôle|emploi) (?:chez|au sein de|à) (?P<company>[A-Z][\w&'.\- ]{1,40}?)(?:[!.,:;)]|\s[-\u2013|]|\s(?:pour|et|est)\b|$)",
        r"(?:équipe|L'équipe) (?:de |d')?(?:recrutement|talents|acquisition de talents) (?:de |d'|chez )(?P<company>[A-Z][\w&'.\- ]{1,40}?)(?:[!.,:;)]|$)",
        # "le poste d'analyste chez Groupe Solstice": in job mail, "chez" names the employer.
        # BambooHR's "envoyé par BambooHR au nom de Brasserie Mille-Îles", or the other way
        # round: "envoyé au nom de Transports Birchmount par Workable".
        r"\b[Aa]u nom (?:de |d'|du )(?:(?:toute )?l['\u2019]équipe (?:de |d'|du )?)?(?P<company>[A-ZÀ-Ý][\w&'.\- ]{1,40}?)(?:[!.,:;)]|\s[-\u2013|]|\s(?:pour|et|est|a|qui|par|via)\b|$)",
        r"\bau sein (?:de |d'|du )(?P<company>[A-ZÀ-Ý][\w&'.\- ]{1,40}?)(?:[!.,:;)]|\s[-\u2013|]|\s(?:pour|et|est|a|qui|dans|au|à|depuis)\b|$)",
        r"(?:©|\([Cc]\)|[Cc]opyright)[ \t]*(?:\d{4}(?:[ \t]*[-\u2013][ \t]*\d{4})?[ \t]*)?(?![Tt]ous droits)(?P<company>[A-ZÀ-Ý][\w&'.\- ]{1,40}?)[.,]?[ \t]*(?:[Tt]ous droits|$)",
        r"\bchez (?P<company>[A-ZÀ-Ý][\w&'.\- ]{1,40}?)(?:[!.,:;)]|\s[-\u2013|]|\s(?:pour|et|est|a|qui|dans|au|à|le|la|depuis)\b|$)",
    ),
    role_patterns=(
        r"(?:poste|rôle|emploi) (?:de |d'|en tant que )(?P<role>[\w&/().'\-·\u2019 ]{3,60}?)(?:[!.,:;]|\s(?:chez|au sein|à|au|et|qui|cette|ce|cet|dès|lors|a|est|sont|sera|ont|pour|ainsi|dont|que)\b|$)",
        # "pour le poste suivant :" then the title on its own line.
        r"\bpostes? suivants?\s*:\s*(?P<role>[^\n]{3,80}?)(?:\s[-\u2013]\s|\s\((?-i:[A-Z]{0,4})\d|[ \t]*$)",
        # A label: "Poste : Analyste de données".
        r"^[ \t]*(?:[Pp]oste(?: convoité| visé| affiché)?|[Tt]itre du poste|[Ee]mploi|[Rr]ôle)[ \t]*:[ \t]*(?P<role>[^\n]{3,80}?)[ \t]*$",
        r"(?:[Cc]andidature|[Ee]ntrevue|[Ee]ntretien) (?:pour|au poste de|au poste d') (?:le poste (?:de |d')?)?(?P<role>[\w&/().'\- ]{3,60}?)(?:[!.,:;]|\s(?:chez|à|au|et|a|est|sera|planifiée|confirmée)\b|\s*\((?:réf\.?\s*#?\s*)?[A-Z]{0,4}-?\d[\w-]*\)|$)",
    ),
    role_specialty=r",[ \t]+(?!(?:nous|vous|je|tu|il|elle|on|ils|elles|merci|et|mais|donc|car|qui|que|si|votre|notre|vos|nos|le|la|les|un|une|ce|cette|ces|cela|ça|j|n|au|aux|à|de|des|du|dont|où)\b)[a-zà-ÿ][\w'\u2019-]*(?:[ \t]+(?!(?:est|sont|a|ont|sera|seront|été|toujours|bien|pas|ne|qui|que|et|pour|chez|au|à)\b)[a-zà-ÿ][\w'\u2019-]*){0,3}(?=[ \t]*(?:[.!;:,)(\n]|$)|[ \t]+(?:chez|au sein|à|au|pour|et|a|est|sont|sera|qui)\b)",
    interview_words=r"\b(?:entrevue\w*|entretien\w*|présélection|comité de sélection|rencontre avec|gestionnaire d'embauche|appel de sélection)\b",
    role_words=frozenset(
        "ingénieur ingénieure développeur développeuse programmeur programmeuse planificateur planificatrice scientifique technicien technicienne agent agente commis préposé préposée opérateur opératrice comptable économiste statisticien statisticienne rédacteur rédactrice analyste gestionnaire directeur directrice spécialiste coordonnateur coordonnatrice architecte concepteur conceptrice technicien technicienne conseiller conseillère chargé chargée responsable designer adjoint adjointe stagiaire principal principale".split()
    ),
    subject_filler=frozenset(
        "questions confidentialité politique conditions désabonner désabonnement préférences salut bonjour cordialement lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août septembre octobre novembre décembre confirmé action requise rappel important urgent entrevue entretien confirmation confirmée invitation candidature mise à jour suivi merci décision offre étape prochaine rencontre appel premier première deuxième finale technique évaluation exercice disponibilités réponse annulation annulée reportée accusé réception reçue reçu".split()
    ),
    departments=frozenset(
        "planification finances finance marketing ventes opérations conception analytique "
        "ingénierie plateforme infrastructure sécurité recherche produit données juridique "
        "soutien ti technologie technologies stratégie numérique risques conformité".split()
    ),
    event_words=r"\b(?:webinaire|atelier|conférence|séance d'information|salon de l'emploi|pratique|simulation|dîner|souper|café|anniversaire)\b",
    meets=r"\bavec\b|\brencontrer(?:ez)?\b|\bcompos[ée]e? de\b|\bvous serez (?:reçue?|rencontrée?) par\b|\bmenée? par\b|\ben présence de\b|\b(?:intervieweu(?:r|rs|se|ses)|hôtes?|personnel|participant(?:es?|s)?(?: obligatoires| requis)?|comité(?: de sélection| d'entrevue)?|intervenant(?:e)?s?|membres du comité|panel)\s*:|(?m:^(?:vos |votre |le )?(?:intervieweu\w+|interlocut\w+|intervenant\w*|comité(?: de sélection| d'entrevue)?|panel)[ \t]*$)",
    writer_too=r"\bet (?:avec )?moi(?:-même)?\b|\b(?:entrevue|rencontre|entretien|appel) avec moi\b|(?-i:\bmoi(?:-même)? et [A-ZÀ-Ý])|\bje serai (?:aussi |également )?(?:présente?|là)\b|\bje (?:me joindrai|participerai)\b|\bsera (?:aussi|également) (?:présente?|de la partie|avec nous)\b|\bse joindra à (?:moi|nous)\b|\b(?:annuler|déplacer|reporter) notre\b|\bsera (?:seulement |juste |uniquement )?moi(?:-même)? et\b|\bnous (?:deux|(?:[\w'\u2019-]+ ){0,3}(?:tous|toutes) (?:les )?deux)\b",
    writer_on_agenda=r"^[ \t]*\d{1,2}[ \t]*h[ \t]*(?:\d{2})?[ \t]*[-\u2013:]?[ \t]*moi\b",
    writer_meets=r"\b(?:notre (?:rencontre|entrevue|appel|échange|conversation)|demandez-moi|vous (?:rencontrer|voir|parler|appeler|recevoir)|(?:au plaisir|hâte) de (?:vous|faire votre connaissance)|à (?:mardi|lundi|mercredi|jeudi|vendredi|demain|bientôt)|vous invite à une réunion (?:zoom )?planifiée|on se (?:voit|parle|reparle|rencontre)|nous nous (?:verrons|parlerons)|je vous (?:vois|appelle|appellerai|téléphone|téléphonerai))\b",
    coordinator_titles=r"\b(?:coordonnat(?:eur|rice)|adjointe? administrative?|adjointe? de direction|agente? de dotation)\b",
    arranger_titles=r"\b(?:recrut\w*|acquisition de talents?|talents?|dotation|ressources humaines|rh|coordonnat(?:eur|rice)|adjointe? administrative?|adjointe? de direction)\b",
    arranger=r"\b(?:coordonn(?:at(?:eur|rice)|e(?:nt)?)|pour information|adjointe?|vous enverra|vous fera parvenir|si vous avez des questions|pour toute question|n'hésitez pas à (?:communiquer|contacter|joindre)|communiquer avec|personne-ressource|pour (?:reporter|modifier) (?:votre|l')|besoin (?:de |d')(?:reporter|modifier|changer|déplacer|un autre moment)|(?:enverra|envoyer|fera parvenir) (?:l'|une )?invitation|(?:est|sont|mise?s?) en copie)\b",
    withdrawn=r"\bne (?:pourra|peut|pourront|peuvent|sera|seront) (?:finalement |malheureusement )?(?:plus|pas) (?:se joindre|être (?:présente?s?|des nôtres|de la partie|disponibles?|là)|participer|assister|y être)\b|\b(?:s'est|se sont) désistée?s?\b|\bn'(?:est|sont) plus (?:disponibles?|de la partie)\b|\b(?:a|ont) dû se désister\b|\bsera remplacée? par\b|\bne (?:fera|feront) (?:finalement )?plus partie\b|\bne (?:participera|participeront|assistera|assisteront|se joindra|se joindront) (?:finalement |malheureusement )?(?:pas|plus)\b|\bne (?:sera|seront) (?:finalement |malheureusement )?(?:pas|plus) (?:présente?s?|des nôtres|de la partie|disponibles?|là)\b",
    replaces=r"\b(?:remplacer(?:a|ont)|remplace(?:nt)?|à la place de|au lieu de|en remplacement de|prendra la place de)",
    leads=r"(?:mènera|animera|dirigera) (?:l'|votre |la |cette )(?:entrevue|rencontre|discussion|conversation)\b|vous (?:passera|fera passer) (?:l'|votre )entrevue\b",
    practice_words=r"\b(?:simulations? d'entrevue|entrevues? simulées?|préparation (?:à l'entrevue|aux entrevues)|atelier (?:de préparation|d'entrevue|emploi|carrière|cv)|webinaire|séance d'information|salon (?:de l'emploi|carrière|de recrutement)|foire de l'emploi|conseill\w+ (?:en emploi|d'orientation|en carrière)|centre de carrière|réseautage|portes ouvertes)\b",
    own_process=r"\b(?:(?:votre|ta) (?:dernière|première|deuxième|prochaine) (?:ronde|étape|entrevue)|merci (?:d'être venue?s?|de (?:nous|m')avoir rencontrée?s?|pour (?:l'entrevue|la rencontre|notre rencontre|votre temps)))\b",
    own_application=r"\b(?:votre candidature (?:au|à|pour|chez|a été|est)\b|(?:prochaines étapes|suivi|faire le point) (?:de|pour|sur|concernant) votre candidature\b|merci (?:d'avoir postulé|pour votre candidature|de votre candidature)\b|(?:avons )?bien reçu votre (?:candidature|cv)\b|votre entrevue (?:avec|pour|le|du|est|a été)\b|vous inviter à (?:une |un )?(?:entrevue|entretien)\b|(?:parce que|puisque|car) vous avez (?:postulé|soumis (?:une|votre) candidature)\b)",
    meeting_words=r"\b(?:rencontre|rencontrer|rencontrerez|appel|conversation|discussion|échange|réunion|teams|zoom|google meet|webex|nos bureaux|en personne)\b",
    job_words=r"\b(?:candidature|postulé|candidat\w*|finalistes?|poste|entrevue\w*|entretien\w*|offre|embauche|recrutement|cv|références|décision|ingénieur\w*|développeu\w*|analystes?|architectes?)\b",
    absence=AbsenceWords(
        returns=(
            # "un retour", "votre retour": feedback, not a return to the office.
            r"(?<!un )(?<!votre )retour\b",
            r"(?:revien(?:s|drai|dra|t)|rentre(?:rai)?|reprendrai|reprise)\b",
            r"(?:rouvr(?:e|ent|ira|iront)|réouverture)\b",
        ),
        until=(r"jusqu'(?:au|à|a|en)\b",),
        away=(
            r"en (?:vacances|congé|conge|voyage|déplacement|formation|conférence)\b",
            r"(?:hors|en dehors) du bureau\b",
            r"à l'extérieur(?: du bureau)?",
            r"absente?s?\b",
            r"fermée?s?\b",
        ),
        starts=(r"du", r"dès", r"à partir d[eu]", r"à compter d[eu]", r"depuis", r"commençant"),
    ),
)
