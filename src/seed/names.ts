// Given and family names by naming tradition, for synthetic children, and the spelling drift
// that makes one child look like several in different agencies' records (the matching problem
// in the domain brief §6.4). Everything here is fictional combinations of common names.

import type { Random } from './random.ts';

export type TraditionId =
  | 'vietnamese'
  | 'albanian'
  | 'eritrean'
  | 'sudanese'
  | 'afghan'
  | 'iranian'
  | 'nigerian'
  | 'kurdish-iraqi'
  | 'syrian'
  | 'ethiopian'
  | 'egyptian'
  | 'british-white'
  | 'british-black'
  | 'british-south-asian'
  | 'romanian'
  | 'polish';

export interface NamingTradition {
  readonly id: TraditionId;
  readonly label: string;
  readonly male: readonly string[];
  readonly female: readonly string[];
  /** null: patronymic tradition, the second name is the father's given name (Eritrea, Ethiopia). */
  readonly family: readonly string[] | null;
  /** Family names so common they deserve extra weight (Nguyen is about a third of Vietnamese people). */
  readonly commonFamily?: { readonly names: readonly string[]; readonly share: number };
  /** Vietnamese middle names written with the given name ("Van Minh", "Thi Lan"). */
  readonly middleMale?: readonly string[];
  readonly middleFemale?: readonly string[];
  /** Probability that the recorded family name has two parts (father and grandfather, or compound). */
  readonly compoundFamilyShare?: number;
  /** Feminine form of a family name (Polish -ski → -ska). */
  readonly feminine?: (family: string) => string;
}

const VIETNAMESE: NamingTradition = {
  id: 'vietnamese',
  label: 'Vietnamese',
  male: [
    'An', 'Anh', 'Bao', 'Binh', 'Cuong', 'Dat', 'Duc', 'Dung', 'Duy', 'Hai', 'Hieu', 'Hoang', 'Hung', 'Huy',
    'Khanh', 'Khoa', 'Kien', 'Long', 'Minh', 'Nam', 'Nghia', 'Phong', 'Phuc', 'Quang', 'Quan', 'Son', 'Tai',
    'Thang', 'Thanh', 'Tien', 'Toan', 'Trung', 'Tuan', 'Viet', 'Vinh',
  ],
  female: [
    'Anh', 'Chau', 'Chi', 'Ha', 'Hanh', 'Hien', 'Hoa', 'Hong', 'Huong', 'Lan', 'Linh', 'Mai', 'My', 'Ngoc',
    'Nhung', 'Phuong', 'Thao', 'Thu', 'Trang', 'Tuyet', 'Yen',
  ],
  family: [
    'Nguyen', 'Tran', 'Le', 'Pham', 'Hoang', 'Huynh', 'Phan', 'Vu', 'Vo', 'Dang', 'Bui', 'Do', 'Ho', 'Ngo',
    'Duong', 'Ly', 'Dinh', 'Truong', 'Lam', 'Mai', 'Trinh', 'Doan', 'Luong', 'Cao', 'Ha', 'Ta', 'Chu', 'Kieu',
    'Quach', 'Lai', 'Thai', 'Luu', 'Tang', 'Dao', 'Vuong',
  ],
  commonFamily: { names: ['Nguyen', 'Tran', 'Le'], share: 0.5 },
  middleMale: ['Van', 'Van', 'Van', 'Duc', 'Minh', 'Quoc', 'Huu', 'Cong', 'Thanh'],
  middleFemale: ['Thi', 'Thi', 'Thi', 'Ngoc', 'Thu', 'Kim'],
};

const ALBANIAN: NamingTradition = {
  id: 'albanian',
  label: 'Albanian',
  male: [
    'Aldo', 'Alban', 'Arben', 'Ardit', 'Arjan', 'Armand', 'Besart', 'Besnik', 'Blerim', 'Dorian', 'Dritan',
    'Elton', 'Endrit', 'Enea', 'Erald', 'Erion', 'Ermal', 'Fatjon', 'Florian', 'Gentian', 'Gezim', 'Ilir',
    'Jurgen', 'Klajdi', 'Kristian', 'Marsel', 'Mateo', 'Mikel', 'Olsi', 'Redon', 'Renaldo', 'Rigers', 'Sokol',
    'Taulant', 'Xhesjan',
  ],
  female: [
    'Alketa', 'Anila', 'Anxhela', 'Arbana', 'Blerina', 'Denisa', 'Elira', 'Enkeleda', 'Eralda', 'Ervina',
    'Fjona', 'Klea', 'Kristina', 'Megi', 'Rovena', 'Sara', 'Xhensila',
  ],
  family: [
    'Basha', 'Berisha', 'Bregu', 'Cela', 'Dedja', 'Dervishi', 'Elezi', 'Gashi', 'Gjini', 'Gjoka', 'Hasani',
    'Hoxha', 'Hysa', 'Isufi', 'Kaja', 'Kodra', 'Kola', 'Krasniqi', 'Leka', 'Lika', 'Lleshi', 'Marku', 'Mema',
    'Muca', 'Ndreu', 'Pllumbi', 'Prifti', 'Rama', 'Shehu', 'Sula', 'Tafa', 'Xhafa', 'Zeqiri',
  ],
};

const ERITREAN: NamingTradition = {
  id: 'eritrean',
  label: 'Eritrean (Tigrinya)',
  male: [
    'Abel', 'Amanuel', 'Aron', 'Bereket', 'Berhane', 'Biniam', 'Daniel', 'Dawit', 'Efrem', 'Eyob', 'Filmon',
    'Futsum', 'Gebre', 'Gebremedhin', 'Ghebreyesus', 'Ghirmay', 'Habte', 'Haile', 'Henok', 'Kibrom', 'Kidane',
    'Mebrahtu', 'Medhanie', 'Mehari', 'Merhawi', 'Michael', 'Mulugeta', 'Natnael', 'Robel', 'Samuel', 'Semere',
    'Tedros', 'Tekle', 'Teklemariam', 'Tesfalem', 'Tesfay', 'Yohannes', 'Yonas', 'Zerai',
  ],
  female: [
    'Abeba', 'Almaz', 'Aster', 'Eden', 'Elsa', 'Feven', 'Hanna', 'Helen', 'Hiwet', 'Lidia', 'Luwam', 'Mahlet',
    'Meron', 'Rahel', 'Saba', 'Selam', 'Senait', 'Tsega', 'Winta', 'Yordanos',
  ],
  family: null,
  compoundFamilyShare: 0.2,
};

const SUDANESE: NamingTradition = {
  id: 'sudanese',
  label: 'Sudanese (Arabic)',
  male: [
    'Abdalla', 'Abdelaziz', 'Abdelrahman', 'Abubakar', 'Adam', 'Ahmed', 'Alaa', 'Ali', 'Amin', 'Awad',
    'Babiker', 'Bakri', 'Elfatih', 'Hamid', 'Hamza', 'Hassan', 'Hussein', 'Ibrahim', 'Idris', 'Ismail',
    'Khalid', 'Mahmoud', 'Mohamed', 'Mohammed', 'Mujahid', 'Musa', 'Mustafa', 'Omer', 'Osman', 'Salih',
    'Siddig', 'Suleiman', 'Yahia', 'Yousif', 'Zakaria',
  ],
  female: [
    'Amani', 'Amna', 'Asma', 'Fatima', 'Hawa', 'Hiba', 'Huda', 'Khadija', 'Mariam', 'Nafisa', 'Rania', 'Safa',
    'Samah', 'Sara', 'Sumaya', 'Tasneem', 'Zeinab',
  ],
  family: [
    'Abdalla', 'Abdelkarim', 'Abdelrahman', 'Adam', 'Ahmed', 'Ali', 'Babiker', 'Babikir', 'Bashir', 'Elamin',
    'Elhassan', 'Elsheikh', 'Eltayeb', 'Fadul', 'Hamad', 'Hassan', 'Ibrahim', 'Idris', 'Ismail', 'Khalil',
    'Mahgoub', 'Mohamed', 'Musa', 'Nour', 'Omer', 'Osman', 'Saeed', 'Salih', 'Suleiman', 'Yagoub', 'Yousif',
    'Zakaria',
  ],
  compoundFamilyShare: 0.3,
};

const AFGHAN: NamingTradition = {
  id: 'afghan',
  label: 'Afghan (Pashto/Dari)',
  male: [
    'Abdul', 'Ahmad', 'Ajmal', 'Ali', 'Amir', 'Asadullah', 'Bashir', 'Bilal', 'Farhad', 'Ghulam', 'Habib',
    'Hamid', 'Hassan', 'Hekmatullah', 'Hussain', 'Idris', 'Jawad', 'Karim', 'Khalid', 'Mansoor', 'Mohammad',
    'Mujtaba', 'Mustafa', 'Nasir', 'Nematullah', 'Noorullah', 'Obaidullah', 'Omid', 'Qasim', 'Rahim',
    'Rahmatullah', 'Sami', 'Sayed', 'Shafiq', 'Sohail', 'Wahid', 'Zabihullah', 'Zakir',
  ],
  female: [
    'Arezo', 'Farzana', 'Fatima', 'Freshta', 'Habiba', 'Laila', 'Mariam', 'Marzia', 'Mina', 'Mursal', 'Nazanin',
    'Parwana', 'Roya', 'Sahar', 'Shabnam', 'Sodaba', 'Zahra', 'Zarghona',
  ],
  family: [
    'Ahmadi', 'Ahmadzai', 'Alizai', 'Amiri', 'Azizi', 'Barakzai', 'Durrani', 'Habibi', 'Haidari', 'Hakimi',
    'Hashimi', 'Hotak', 'Hussaini', 'Jalali', 'Kakar', 'Karimi', 'Khan', 'Mohammadi', 'Niazi', 'Noori', 'Popal',
    'Qaderi', 'Rahimi', 'Rahmani', 'Rasuli', 'Sadat', 'Safi', 'Sahak', 'Sharifi', 'Stanikzai', 'Sultani',
    'Wardak', 'Yousufzai', 'Zazai',
  ],
};

const IRANIAN: NamingTradition = {
  id: 'iranian',
  label: 'Iranian',
  male: [
    'Ali', 'Amin', 'Amir', 'Arash', 'Arman', 'Behnam', 'Behrouz', 'Dariush', 'Ehsan', 'Farhad', 'Hamed',
    'Hossein', 'Iman', 'Kamran', 'Kian', 'Mahdi', 'Majid', 'Masoud', 'Mehdi', 'Milad', 'Mohammad', 'Mohsen',
    'Mostafa', 'Navid', 'Omid', 'Parsa', 'Payam', 'Pouya', 'Reza', 'Saeed', 'Siavash', 'Sina', 'Vahid', 'Yasin',
  ],
  female: [
    'Ava', 'Azadeh', 'Fatemeh', 'Leila', 'Mahsa', 'Maryam', 'Mina', 'Nazanin', 'Negin', 'Niloofar', 'Parisa',
    'Roya', 'Sara', 'Setareh', 'Shirin', 'Yasaman', 'Zahra',
  ],
  family: [
    'Ahmadi', 'Akbari', 'Alavi', 'Amini', 'Asadi', 'Azizi', 'Bagheri', 'Ebrahimi', 'Farahani', 'Ghasemi',
    'Hashemi', 'Heidari', 'Hosseini', 'Jafari', 'Kamali', 'Karimi', 'Kazemi', 'Mahmoudi', 'Mohammadi',
    'Moradi', 'Mousavi', 'Najafi', 'Nouri', 'Rahimi', 'Rezaei', 'Rostami', 'Sadeghi', 'Salehi', 'Shirazi',
    'Soltani', 'Tehrani', 'Yazdani', 'Zamani',
  ],
};

const NIGERIAN: NamingTradition = {
  id: 'nigerian',
  label: 'Nigerian',
  male: [
    'Abiodun', 'Ade', 'Adebayo', 'Ayodele', 'Babatunde', 'Chidi', 'Chinedu', 'Chukwuemeka', 'Daniel', 'David',
    'Emeka', 'Emmanuel', 'Femi', 'Gbenga', 'Godwin', 'Ibrahim', 'Ifeanyi', 'Joseph', 'Kayode', 'Kelechi',
    'Michael', 'Musa', 'Nnamdi', 'Obinna', 'Olumide', 'Oluwaseun', 'Peter', 'Samuel', 'Segun', 'Tobi', 'Tunde',
    'Uche', 'Victor', 'Yusuf',
  ],
  female: [
    'Abimbola', 'Adaeze', 'Amara', 'Blessing', 'Chiamaka', 'Chioma', 'Esther', 'Favour', 'Folake', 'Funmilayo',
    'Grace', 'Ifeoma', 'Joy', 'Mercy', 'Ngozi', 'Precious', 'Temitope', 'Titilayo', 'Yetunde',
  ],
  family: [
    'Abubakar', 'Adebayo', 'Adeyemi', 'Afolabi', 'Akinola', 'Ani', 'Babatunde', 'Balogun', 'Bello', 'Chukwu',
    'Edet', 'Effiong', 'Eze', 'Ibrahim', 'Igwe', 'Ike', 'Nwachukwu', 'Nwosu', 'Obi', 'Odunsi', 'Ogbonna',
    'Ogunleye', 'Okafor', 'Okeke', 'Okonkwo', 'Okoro', 'Olaniyan', 'Olawale', 'Onyeka', 'Osagie', 'Oyelaran',
    'Uzoma',
  ],
};

const KURDISH_IRAQI: NamingTradition = {
  id: 'kurdish-iraqi',
  label: 'Kurdish / Iraqi',
  male: [
    'Ahmed', 'Ali', 'Aram', 'Azad', 'Bakhtiyar', 'Barzan', 'Dilshad', 'Hawar', 'Hemin', 'Hersh', 'Hiwa', 'Hogir',
    'Hussein', 'Ibrahim', 'Jamal', 'Kamaran', 'Karwan', 'Kawa', 'Mohammed', 'Mustafa', 'Nawzad', 'Omar', 'Rebin',
    'Rekan', 'Rezhwan', 'Saman', 'Sardar', 'Sherwan', 'Shwan', 'Soran', 'Taha', 'Yasin', 'Zana', 'Zhiwar',
  ],
  female: [
    'Avin', 'Bahar', 'Chra', 'Dilan', 'Hana', 'Hawjin', 'Helin', 'Jwan', 'Lana', 'Nergiz', 'Roj', 'Rojin', 'Sara',
    'Shilan', 'Taban', 'Zhila', 'Zozan',
  ],
  family: [
    'Abdullah', 'Ahmed', 'Ali', 'Aziz', 'Barzani', 'Faraj', 'Hama', 'Hamid', 'Hassan', 'Hawrami', 'Hussein',
    'Ibrahim', 'Ismail', 'Jaff', 'Karim', 'Khalid', 'Kurdi', 'Mahmood', 'Majeed', 'Mohammed', 'Muhammad',
    'Mustafa', 'Omar', 'Qadir', 'Rashid', 'Rasul', 'Saleh', 'Salih', 'Sharif', 'Tahir', 'Talabani', 'Zebari',
  ],
  compoundFamilyShare: 0.2,
};

const SYRIAN: NamingTradition = {
  id: 'syrian',
  label: 'Syrian',
  male: [
    'Abdullah', 'Ahmad', 'Ali', 'Amer', 'Anas', 'Bashar', 'Fadi', 'Firas', 'Ghaith', 'Hadi', 'Hamza', 'Hasan',
    'Hussam', 'Ibrahim', 'Jamil', 'Karam', 'Khaled', 'Louai', 'Mahmoud', 'Majd', 'Mohammad', 'Muhannad', 'Nour',
    'Obada', 'Omar', 'Qusai', 'Rami', 'Saleh', 'Sami', 'Tarek', 'Wael', 'Yamen', 'Yazan', 'Zaid',
  ],
  female: [
    'Alaa', 'Amal', 'Aya', 'Bayan', 'Dima', 'Hala', 'Hiba', 'Lama', 'Lina', 'Maya', 'Nour', 'Rama', 'Rasha',
    'Reem', 'Ruba', 'Sham', 'Yara',
  ],
  family: [
    'Abbas', 'Al-Ahmad', 'Al-Ali', 'Al-Hamwi', 'Al-Hassan', 'Al-Hussein', 'Al-Khatib', 'Al-Masri', 'Al-Omar',
    'Al-Sayed', 'Al-Zoubi', 'Aziz', 'Darwish', 'Haddad', 'Halabi', 'Hamdan', 'Hassan', 'Issa', 'Jaber',
    'Kassem', 'Khalil', 'Kurdi', 'Mansour', 'Najjar', 'Nasser', 'Othman', 'Qassem', 'Rifai', 'Saleh', 'Shami',
    'Suleiman', 'Yassin', 'Zein',
  ],
};

const ETHIOPIAN: NamingTradition = {
  id: 'ethiopian',
  label: 'Ethiopian (Amharic/Oromo)',
  male: [
    'Abdi', 'Abebe', 'Addisu', 'Alemayehu', 'Amanuel', 'Bekele', 'Biruk', 'Chala', 'Dawit', 'Dereje', 'Ermias',
    'Eyob', 'Fikru', 'Gemechu', 'Getachew', 'Girma', 'Habtamu', 'Henok', 'Kebede', 'Kidus', 'Lemma', 'Lencho',
    'Mesfin', 'Mulugeta', 'Nahom', 'Solomon', 'Tadesse', 'Tamirat', 'Tesfaye', 'Tewodros', 'Tolosa', 'Yared',
    'Yohannes', 'Yonas', 'Zelalem',
  ],
  female: [
    'Almaz', 'Betelhem', 'Bethlehem', 'Eden', 'Hanna', 'Hirut', 'Kidist', 'Liya', 'Mahlet', 'Meron', 'Meskerem',
    'Rahel', 'Selam', 'Sifan', 'Tigist', 'Tsion', 'Yeshi',
  ],
  family: null,
  compoundFamilyShare: 0.2,
};

const EGYPTIAN: NamingTradition = {
  id: 'egyptian',
  label: 'Egyptian',
  male: [
    'Abdelrahman', 'Ahmed', 'Amr', 'Ashraf', 'Ayman', 'Belal', 'Essam', 'Gamal', 'Hany', 'Hazem', 'Hesham',
    'Hossam', 'Ibrahim', 'Islam', 'Karim', 'Khaled', 'Mahmoud', 'Marwan', 'Mazen', 'Mina', 'Mohamed', 'Mostafa',
    'Omar', 'Osama', 'Ramy', 'Sameh', 'Seif', 'Sherif', 'Tamer', 'Tarek', 'Waleed', 'Yasser', 'Youssef', 'Ziad',
  ],
  female: [
    'Aya', 'Dina', 'Doaa', 'Esraa', 'Farida', 'Habiba', 'Heba', 'Malak', 'Mariam', 'Menna', 'Mona', 'Nada', 'Nour',
    'Rana', 'Rawan', 'Salma', 'Shahd', 'Yasmin',
  ],
  family: [
    'Abdallah', 'Abdelaziz', 'Abdelhamid', 'Abdelrahman', 'Ahmed', 'Ali', 'Amin', 'El-Sayed', 'Farag', 'Fathy',
    'Fouad', 'Gaber', 'Hafez', 'Hamdy', 'Hassan', 'Helmy', 'Hussein', 'Ibrahim', 'Kamal', 'Mahmoud', 'Mansour',
    'Mohamed', 'Mostafa', 'Moussa', 'Nabil', 'Ragab', 'Saad', 'Salem', 'Shaker', 'Soliman', 'Tawfik', 'Youssef',
    'Zaki',
  ],
  compoundFamilyShare: 0.25,
};

const BRITISH_WHITE: NamingTradition = {
  id: 'british-white',
  label: 'British (White)',
  male: [
    'Alfie', 'Archie', 'Ben', 'Bradley', 'Callum', 'Charlie', 'Connor', 'Daniel', 'Dylan', 'Ethan', 'Finley',
    'George', 'Harrison', 'Harry', 'Harvey', 'Jack', 'Jacob', 'Jake', 'James', 'Jamie', 'Jayden', 'Joshua',
    'Kai', 'Kieran', 'Leo', 'Lewis', 'Liam', 'Logan', 'Louis', 'Mason', 'Max', 'Noah', 'Oliver', 'Oscar', 'Reece',
    'Riley', 'Ryan', 'Samuel', 'Thomas', 'Tyler', 'William',
  ],
  female: [
    'Amelia', 'Ava', 'Chelsea', 'Chloe', 'Courtney', 'Demi', 'Ellie', 'Emily', 'Evie', 'Freya', 'Grace', 'Holly',
    'Isabelle', 'Isla', 'Jessica', 'Lacey', 'Leah', 'Lily', 'Megan', 'Mia', 'Olivia', 'Poppy', 'Ruby', 'Sophie',
    'Summer',
  ],
  family: [
    'Baker', 'Brown', 'Campbell', 'Clark', 'Clarke', 'Cooper', 'Davies', 'Edwards', 'Evans', 'Green', 'Hall',
    'Harris', 'Harrison', 'Hill', 'Hughes', 'Jackson', 'Jenkins', 'Johnson', 'Jones', 'Kelly', 'King', 'Lewis',
    'MacDonald', 'Moore', 'Morgan', 'Morris', 'Murphy', 'Price', 'Roberts', 'Robinson', 'Smith', 'Stewart',
    'Taylor', 'Thompson', 'Thomson', 'Turner', 'Walker', 'Ward', 'White', 'Williams', 'Wilson', 'Wood', 'Wright',
  ],
};

const BRITISH_BLACK: NamingTradition = {
  id: 'british-black',
  label: 'British (Black)',
  male: [
    'Andre', 'Ashton', 'Daniel', 'Devon', 'Dwayne', 'Elijah', 'Emmanuel', 'Femi', 'Isaiah', 'Jaden', 'Jahmal',
    'Jerome', 'Joshua', 'Josiah', 'Kayden', 'Kemar', 'Kofi', 'Kwame', 'Kyrie', 'Malachi', 'Marcus', 'Micah',
    'Nathaniel', 'Omari', 'Rashad', 'Reuben', 'Samuel', 'Tobi', 'Trey', 'Tyrese', 'Zion',
  ],
  female: [
    'Aaliyah', 'Abigail', 'Amara', 'Chantelle', 'Ebony', 'Esther', 'Favour', 'Imani', 'Jada', 'Jasmine',
    'Keisha', 'Kezia', 'Monique', 'Nia', 'Precious', 'Shanice', 'Tia', 'Zara',
  ],
  family: [
    'Adeyemi', 'Agyeman', 'Ali', 'Allen', 'Asante', 'Bennett', 'Boateng', 'Brown', 'Campbell', 'Clarke',
    'Daley', 'Edwards', 'Francis', 'Gordon', 'Grant', 'Henry', 'Hussein', 'Johnson', 'Lewis', 'Mensah',
    'Mohamed', 'Morgan', 'Okafor', 'Osei', 'Owusu', 'Reid', 'Richards', 'Robinson', 'Samuels', 'Simpson',
    'Thomas', 'Walker', 'Williams',
  ],
};

const BRITISH_SOUTH_ASIAN: NamingTradition = {
  id: 'british-south-asian',
  label: 'British (South Asian)',
  male: [
    'Aarav', 'Adnan', 'Ahmed', 'Ali', 'Amir', 'Arjun', 'Ayaan', 'Bilal', 'Danyal', 'Faisal', 'Hamza', 'Harpreet',
    'Haris', 'Ibrahim', 'Imran', 'Ismail', 'Jaspreet', 'Karan', 'Mohammed', 'Musa', 'Omar', 'Raheem', 'Rayyan',
    'Rohan', 'Sahil', 'Sandeep', 'Shahid', 'Suleman', 'Tariq', 'Usman', 'Vikram', 'Yusuf', 'Zain', 'Zakariya',
  ],
  female: [
    'Aisha', 'Amina', 'Anaya', 'Ayesha', 'Fatima', 'Hafsa', 'Inaya', 'Jasmin', 'Khadija', 'Maryam', 'Nadia',
    'Priya', 'Safa', 'Sana', 'Simran', 'Zainab', 'Zara',
  ],
  family: [
    'Ahmed', 'Akhtar', 'Ali', 'Aslam', 'Bains', 'Begum', 'Chaudhry', 'Choudhury', 'Gill', 'Hussain', 'Hussein',
    'Iqbal', 'Islam', 'Javed', 'Khan', 'Mahmood', 'Malik', 'Miah', 'Mirza', 'Mistry', 'Mohammed', 'Parmar',
    'Patel', 'Rahman', 'Rashid', 'Riaz', 'Sandhu', 'Shah', 'Sharma', 'Siddiqui', 'Singh', 'Uddin',
  ],
};

const ROMANIAN: NamingTradition = {
  id: 'romanian',
  label: 'Romanian',
  male: [
    'Adrian', 'Alexandru', 'Andrei', 'Bogdan', 'Catalin', 'Ciprian', 'Claudiu', 'Constantin', 'Cosmin',
    'Cristian', 'Daniel', 'Darius', 'David', 'Denis', 'Dragos', 'Eduard', 'Florin', 'Gabriel', 'Ionut', 'Iulian',
    'Laurentiu', 'Liviu', 'Marian', 'Marius', 'Mihai', 'Nicolae', 'Ovidiu', 'Radu', 'Razvan', 'Robert',
    'Sebastian', 'Stefan', 'Valentin', 'Vlad',
  ],
  female: [
    'Alexandra', 'Alina', 'Ana', 'Andreea', 'Bianca', 'Cristina', 'Daniela', 'Denisa', 'Elena', 'Florentina',
    'Georgiana', 'Ioana', 'Larisa', 'Maria', 'Mihaela', 'Roxana', 'Simona', 'Teodora',
  ],
  family: [
    'Andrei', 'Barbu', 'Ciobanu', 'Constantin', 'Dinu', 'Dobre', 'Dumitru', 'Florea', 'Gheorghe', 'Ilie', 'Ion',
    'Ionescu', 'Lazar', 'Lungu', 'Marin', 'Matei', 'Mihai', 'Moldovan', 'Munteanu', 'Nistor', 'Oprea', 'Popa',
    'Popescu', 'Radu', 'Rusu', 'Serban', 'Stan', 'Stanciu', 'Stoica', 'Toma', 'Tudor', 'Ursu', 'Vasile', 'Zamfir',
  ],
};

const POLISH: NamingTradition = {
  id: 'polish',
  label: 'Polish',
  male: [
    'Adam', 'Adrian', 'Aleksander', 'Antoni', 'Bartosz', 'Damian', 'Dawid', 'Dominik', 'Filip', 'Franciszek',
    'Hubert', 'Igor', 'Jakub', 'Jan', 'Kacper', 'Kamil', 'Karol', 'Krzysztof', 'Lukasz', 'Maciej', 'Marcel',
    'Mateusz', 'Michal', 'Mikolaj', 'Oskar', 'Patryk', 'Pawel', 'Piotr', 'Szymon', 'Tomasz', 'Tymon', 'Wiktor',
    'Wojciech',
  ],
  female: [
    'Agnieszka', 'Aleksandra', 'Amelia', 'Anna', 'Gabriela', 'Hanna', 'Julia', 'Karolina', 'Katarzyna', 'Lena',
    'Magdalena', 'Maja', 'Natalia', 'Oliwia', 'Weronika', 'Wiktoria', 'Zofia', 'Zuzanna',
  ],
  family: [
    'Adamczyk', 'Dabrowski', 'Dudek', 'Grabowski', 'Jablonski', 'Jankowski', 'Jaworski', 'Kaminski', 'Kowalczyk',
    'Kowalski', 'Kozlowski', 'Krawczyk', 'Krol', 'Kwiatkowski', 'Lewandowski', 'Majewski', 'Malinowski', 'Mazur',
    'Michalski', 'Nowak', 'Nowakowski', 'Nowicki', 'Olszewski', 'Pawlowski', 'Piotrowski', 'Szymanski', 'Wieczorek',
    'Wisniewski', 'Wojcik', 'Wozniak', 'Wrobel', 'Zajac', 'Zielinski',
  ],
  feminine: (family) => family.replace(/ski$/, 'ska').replace(/cki$/, 'cka').replace(/dzki$/, 'dzka'),
};

export const NAMING_TRADITIONS: Readonly<Record<TraditionId, NamingTradition>> = {
  vietnamese: VIETNAMESE,
  albanian: ALBANIAN,
  eritrean: ERITREAN,
  sudanese: SUDANESE,
  afghan: AFGHAN,
  iranian: IRANIAN,
  nigerian: NIGERIAN,
  'kurdish-iraqi': KURDISH_IRAQI,
  syrian: SYRIAN,
  ethiopian: ETHIOPIAN,
  egyptian: EGYPTIAN,
  'british-white': BRITISH_WHITE,
  'british-black': BRITISH_BLACK,
  'british-south-asian': BRITISH_SOUTH_ASIAN,
  romanian: ROMANIAN,
  polish: POLISH,
};

export interface PersonName {
  readonly givenNames: string;
  readonly familyName: string;
}

/** A name in the given tradition. Sex 'U' (not recorded) takes either list. */
export function drawName(rng: Random, traditionId: TraditionId, sex: 'M' | 'F' | 'U'): PersonName {
  const tradition = NAMING_TRADITIONS[traditionId];
  const female = sex === 'F' || (sex === 'U' && rng.chance(0.5));
  let givenNames = rng.pick(female ? tradition.female : tradition.male);
  const middle = female ? tradition.middleFemale : tradition.middleMale;
  if (middle !== undefined && rng.chance(0.8)) givenNames = `${rng.pick(middle)} ${givenNames}`;

  let familyName = drawFamilyPart(rng, tradition);
  if (tradition.compoundFamilyShare !== undefined && rng.chance(tradition.compoundFamilyShare)) {
    const second = drawFamilyPart(rng, tradition);
    if (second !== familyName) familyName = `${familyName} ${second}`;
  }
  if (female && tradition.feminine !== undefined) familyName = tradition.feminine(familyName);
  return { givenNames, familyName };
}

function drawFamilyPart(rng: Random, tradition: NamingTradition): string {
  // Patronymic traditions: the second name is the father's given name.
  if (tradition.family === null) return rng.pick(tradition.male);
  if (tradition.commonFamily !== undefined && rng.chance(tradition.commonFamily.share)) {
    return rng.pick(tradition.commonFamily.names);
  }
  return rng.pick(tradition.family);
}

/**
 * Spellings of one name that different agencies write for the same person: Arabic, Tigrinya and
 * Vietnamese names have no single Latin spelling, and officers write what they hear.
 */
export const TRANSLITERATIONS: readonly (readonly string[])[] = [
  ['Mohammed', 'Mohamed', 'Muhammad', 'Mohammad', 'Mohamad', 'Muhammed', 'Mohammod'],
  ['Ahmad', 'Ahmed', 'Ahmet', 'Ahmid'],
  ['Nguyen', 'Nguyễn', 'Ngyuen', 'Nguyn', 'Nyugen'],
  ['Tran', 'Trần', 'Tranh'],
  ['Pham', 'Phạm', 'Fam'],
  ['Le', 'Lê', 'Lee'],
  ['Hoang', 'Hoàng', 'Huang', 'Hoang Van'],
  ['Dang', 'Đặng', 'Dhang'],
  ['Tesfay', 'Tesfaye', 'Tesfai', 'Tesfa'],
  ['Gebremedhin', 'Ghebremedhin', 'Gebremedin', 'Gebre Medhin'],
  ['Gebre', 'Ghebre', 'Gebrey'],
  ['Haile', 'Hayle', 'Hailé'],
  ['Berhane', 'Berhe', 'Birhane'],
  ['Tekle', 'Teklay', 'Teklai'],
  ['Yohannes', 'Yohanes', 'Johannes', 'Yohanis'],
  ['Yonas', 'Yonis', 'Jonas'],
  ['Dawit', 'Dawet', 'David'],
  ['Amanuel', 'Emmanuel', 'Amanual'],
  ['Abdullah', 'Abdalla', 'Abdallah', 'Abdulla'],
  ['Abdelrahman', 'Abdulrahman', 'Abdul Rahman', 'Abdirahman', 'Abdalrahman'],
  ['Hussein', 'Hussain', 'Husain', 'Hossein', 'Husein'],
  ['Yousif', 'Yusuf', 'Yousef', 'Youssef', 'Yosef'],
  ['Omar', 'Omer', 'Umar'],
  ['Osman', 'Othman', 'Usman', 'Uthman'],
  ['Ibrahim', 'Ebrahim', 'Ibraheem', 'Brahim'],
  ['Hassan', 'Hasan', 'Hassen'],
  ['Mustafa', 'Mostafa', 'Moustafa', 'Mustapha'],
  ['Mahmoud', 'Mahmood', 'Mahmud'],
  ['Khalid', 'Khaled', 'Khalied'],
  ['Suleiman', 'Sulaiman', 'Soliman', 'Suleyman'],
  ['Ismail', 'Esmail', 'Ismael'],
  ['Hamid', 'Hameed', 'Hamed'],
  ['Jamal', 'Gamal', 'Djamal'],
  ['Salih', 'Saleh', 'Salah'],
  ['Abubakar', 'Abubaker', 'Abu Bakr'],
  ['Zakaria', 'Zakariya', 'Zakariah'],
  ['Rahimi', 'Rahimy', 'Raheemi'],
  ['Ahmadzai', 'Ahmedzai', 'Ahmad Zai'],
  ['Mohammadi', 'Mohamadi', 'Muhammadi'],
  ['Hosseini', 'Husseini', 'Hoseini'],
  ['Jafari', 'Jaffari', 'Jafary'],
  ['Reza', 'Rezza', 'Riza'],
  ['Mehdi', 'Mahdi', 'Mehdy'],
  ['Arben', 'Arbën'],
  ['Ermal', 'Ermall'],
  ['Hoxha', 'Hoxa', 'Hodja'],
  ['Shehu', 'Sheu', 'Shehaj'],
  ['Krasniqi', 'Krasnici', 'Krasniqui'],
  ['Elezi', 'Elezaj'],
  ['Gjoka', 'Gjokaj', 'Djoka'],
  ['Abdul', 'Abdel', 'Abdal'],
  ['Fatima', 'Fatma', 'Fatemeh', 'Fatuma'],
  ['Mariam', 'Maryam', 'Meryem', 'Miriam'],
  ['Zeinab', 'Zainab', 'Zaynab'],
  ['Khadija', 'Khadijah', 'Hadija'],
  ['Chukwuemeka', 'Chukwuemeke', 'Emeka'],
  ['Oluwaseun', 'Seun', 'Oluwasheun'],
];

const VARIANTS_BY_NAME: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const group of TRANSLITERATIONS) {
    for (const name of group) {
      const others = group.filter((other) => other !== name);
      map.set(name.toLowerCase(), [...(map.get(name.toLowerCase()) ?? []), ...others]);
    }
  }
  return map;
})();

/** Other known spellings of one name (case-insensitive), or an empty list. */
export function transliterations(name: string): readonly string[] {
  return VARIANTS_BY_NAME.get(name.toLowerCase()) ?? [];
}

export interface AliasIdentity extends PersonName {
  /** 'YYYY-MM-DD', or null when the alias carried no date of birth. */
  readonly dateOfBirth: string | null;
}

type AliasChange = 'transliterate' | 'vowel' | 'transpose' | 'swapOrder' | 'dropPart' | 'dobYear' | 'dobFirstJanuary' | 'dobDayMonth';

/**
 * A plausible other identity for the same child: one or two of a known transliteration, a
 * dropped, doubled or changed vowel, two letters transposed, given and family names swapped,
 * a middle part dropped, or a different date of birth (a year out, 1 January of the year as
 * given when the true date is unknown, or day and month swapped). Always differs from the input.
 */
export function aliasVariant(rng: Random, identity: AliasIdentity): AliasIdentity {
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const first = drawChange(rng, identity);
    let variant = applyChange(rng, identity, first);
    if (rng.chance(0.3)) {
      const second = drawChange(rng, variant);
      if (second !== first) variant = applyChange(rng, variant, second);
    }
    if (!sameIdentity(variant, identity)) return variant;
  }
  // Every change happened to give back the input (very short names): force a vowel slip on the family name.
  return { ...identity, familyName: `${identity.familyName}e` };
}

function drawChange(rng: Random, identity: AliasIdentity): AliasChange {
  const tokens = [...identity.givenNames.split(' '), ...identity.familyName.split(' ')];
  const hasTransliteration = tokens.some((token) => transliterations(token).length > 0);
  const hasManyParts = tokens.length > 2;
  const entries: [AliasChange, number][] = [
    ['transliterate', hasTransliteration ? 5 : 0],
    ['vowel', 2.5],
    ['transpose', 1],
    ['swapOrder', 1.5],
    ['dropPart', hasManyParts ? 1.5 : 0],
    ['dobYear', identity.dateOfBirth === null ? 0 : 1.5],
    ['dobFirstJanuary', identity.dateOfBirth === null || identity.dateOfBirth.endsWith('-01-01') ? 0 : 1],
    ['dobDayMonth', identity.dateOfBirth !== null && canSwapDayMonth(identity.dateOfBirth) ? 0.5 : 0],
  ];
  return rng.weighted(entries);
}

function applyChange(rng: Random, identity: AliasIdentity, change: AliasChange): AliasIdentity {
  switch (change) {
    case 'transliterate': {
      const given = identity.givenNames.split(' ');
      const family = identity.familyName.split(' ');
      const slots = [
        ...given.map((token, index) => ({ part: 'given' as const, index, token })),
        ...family.map((token, index) => ({ part: 'family' as const, index, token })),
      ].filter((slot) => transliterations(slot.token).length > 0);
      if (slots.length === 0) return identity;
      const slot = rng.pick(slots);
      const replacement = rng.pick(transliterations(slot.token));
      const target = slot.part === 'given' ? given : family;
      target[slot.index] = replacement;
      return { ...identity, givenNames: given.join(' '), familyName: family.join(' ') };
    }
    case 'vowel':
      return rng.chance(0.5)
        ? { ...identity, familyName: vowelSlip(rng, identity.familyName) }
        : { ...identity, givenNames: vowelSlip(rng, identity.givenNames) };
    case 'transpose':
      return rng.chance(0.6)
        ? { ...identity, familyName: transposeLetters(rng, identity.familyName) }
        : { ...identity, givenNames: transposeLetters(rng, identity.givenNames) };
    case 'swapOrder':
      return { ...identity, givenNames: identity.familyName, familyName: identity.givenNames };
    case 'dropPart': {
      const given = identity.givenNames.split(' ');
      const family = identity.familyName.split(' ');
      if (given.length > 1 && (family.length === 1 || rng.chance(0.5))) {
        return { ...identity, givenNames: rng.chance(0.5) ? given.slice(1).join(' ') : given.slice(0, -1).join(' ') };
      }
      if (family.length > 1) {
        // Keep only the father's name, or only the grandfather's / second surname.
        return { ...identity, familyName: (rng.chance(0.5) ? family[0] : family[family.length - 1]) ?? identity.familyName };
      }
      return identity;
    }
    case 'dobYear':
      return identity.dateOfBirth === null ? identity : { ...identity, dateOfBirth: shiftYear(identity.dateOfBirth, rng.chance(0.5) ? -1 : 1) };
    case 'dobFirstJanuary':
      return identity.dateOfBirth === null ? identity : { ...identity, dateOfBirth: `${identity.dateOfBirth.slice(0, 4)}-01-01` };
    case 'dobDayMonth': {
      const dob = identity.dateOfBirth;
      if (dob === null || !canSwapDayMonth(dob)) return identity;
      return { ...identity, dateOfBirth: `${dob.slice(0, 4)}-${dob.slice(8, 10)}-${dob.slice(5, 7)}` };
    }
  }
}

const VOWELS = 'aeiou';
const SIMILAR_VOWEL: Readonly<Record<string, string>> = { a: 'e', e: 'i', i: 'e', o: 'u', u: 'o', y: 'i' };

/** Drops, doubles or changes one vowel inside a word (never the first letter). */
function vowelSlip(rng: Random, text: string): string {
  const positions: number[] = [];
  for (let i = 1; i < text.length; i += 1) {
    const previous = text[i - 1] ?? ' ';
    if (previous !== ' ' && VOWELS.includes(text[i] ?? '')) positions.push(i);
  }
  if (positions.length === 0) return `${text}a`;
  const at = rng.pick(positions);
  const vowel = text[at] ?? 'a';
  const mode = rng.int(0, 2);
  if (mode === 0 && text.length > 3) return text.slice(0, at) + text.slice(at + 1);
  if (mode === 1) return text.slice(0, at) + vowel + text.slice(at);
  return text.slice(0, at) + (SIMILAR_VOWEL[vowel] ?? 'a') + text.slice(at + 1);
}

/** Swaps two adjacent letters inside a word ("Nguyen" → "Ngyuen"), the commonest keying slip. */
function transposeLetters(rng: Random, text: string): string {
  const positions: number[] = [];
  for (let i = 1; i < text.length - 1; i += 1) {
    const a = text[i] ?? ' ';
    const b = text[i + 1] ?? ' ';
    if (a !== ' ' && b !== ' ' && a !== b) positions.push(i);
  }
  if (positions.length === 0) return text;
  const at = rng.pick(positions);
  return text.slice(0, at) + (text[at + 1] ?? '') + (text[at] ?? '') + text.slice(at + 2);
}

function shiftYear(isoDate: string, years: number): string {
  const year = Number(isoDate.slice(0, 4)) + years;
  let rest = isoDate.slice(4);
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (rest === '-02-29' && !isLeap) rest = '-02-28';
  return `${String(year).padStart(4, '0')}${rest}`;
}

function canSwapDayMonth(isoDate: string): boolean {
  const month = Number(isoDate.slice(5, 7));
  const day = Number(isoDate.slice(8, 10));
  return day <= 12 && day !== month;
}

function sameIdentity(a: AliasIdentity, b: AliasIdentity): boolean {
  return a.givenNames === b.givenNames && a.familyName === b.familyName && a.dateOfBirth === b.dateOfBirth;
}
